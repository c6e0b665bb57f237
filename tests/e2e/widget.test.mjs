// The element and mount() in Chromium, with the metrics endpoint answered by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { widgetText } from './support/browser.mjs';
import { fakeEndpoint, metrics } from './support/fake-endpoint.mjs';

const env = withProxyAndBrowser();

const ENDPOINT = '/api/{contactId}/metrics';

/** A page on the proxy's origin that loads the package and holds one widget. */
async function open(attributes = '') {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${env.proxy.url}/fixture.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><body>
        <script type="module">import '/waitline/index.js';</script>
        <waitline-status ${attributes}></waitline-status></body></html>`,
    }),
  );
  return { page, errors };
}

const until = async (page, predicate, timeout = 5000) => {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await widgetText(page);
    if (predicate(text)) return text;
    if (Date.now() > deadline) assert.fail(`widget never matched; last: ${JSON.stringify(text)}`);
    await page.waitForTimeout(50);
  }
};

test('shows position and wait, sends the token, ignores unknown metrics', async () => {
  const { page, errors } = await open(`contact-id="arn:aws:connect:r:1:instance/i/contact/c 1" token="tok-1" endpoint="${ENDPOINT}"`);
  const requests = await fakeEndpoint(page, '**/api/**', () => ({
    body: {
      MetricResults: [
        { Name: 'SOMETHING_NEW', Value: { Number: -1 } },
        { Name: 'POSITION_IN_QUEUE', Value: { Number: 3, Future: 'member' } },
        { Name: 'ESTIMATED_WAIT_TIME', Value: { Number: 250 } },
      ],
    },
  }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  const text = await until(page, (t) => t.headline?.startsWith("You're 3"));
  assert.deepEqual(text, { headline: "You're 3rd in line", detail: 'Estimated wait: about 5 minutes', note: null });
  assert.equal(requests[0].authorization, 'Bearer tok-1');
  assert.equal(new URL(requests[0].url).pathname, '/api/arn%3Aaws%3Aconnect%3Ar%3A1%3Ainstance%2Fi%2Fcontact%2Fc%201/metrics');
  // A polite live region announces changes to screen readers.
  const role = await page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('[role=status]').getAttribute('aria-live'));
  assert.equal(role, 'polite');
  assert.deepEqual(errors, []);
});

test('position 1 reads "You\'re next", and leaving the queue reads connecting and stops polling', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1"`);
  const requests = await fakeEndpoint(page, '**/api/**', (n) => ({ body: n === 0 ? metrics(1) : { MetricResults: [] } }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  assert.deepEqual(await until(page, (t) => t.headline === "You're next"), { headline: "You're next", detail: null, note: null });
  await until(page, (t) => t.headline === 'An agent will be with you shortly', 4000);
  const count = requests.length;
  await page.waitForTimeout(2500);
  assert.equal(requests.length, count, 'polling should stop once connecting');
});

test('a refused token shows a calm error and stops polling', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1"`);
  const requests = await fakeEndpoint(page, '**/api/**', () => ({
    status: 401,
    headers: { 'x-amzn-ErrorType': 'UnauthorizedException' },
    body: { message: 'Missing, invalid or expired token' },
  }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  const text = await until(page, (t) => t.headline?.startsWith("We can't"));
  assert.match(text.detail, /still in the queue/);
  await page.waitForTimeout(2500);
  assert.equal(requests.length, 1);
});

test('a failed refresh keeps the last values, marked as updating', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1"`);
  await fakeEndpoint(page, '**/api/**', (n) => (n === 0 ? { body: metrics(4, 600) } : { status: 503, body: 'not json' }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  const text = await until(page, (t) => t.note === 'Updating…', 4000);
  assert.deepEqual(text, { headline: "You're 4th in line", detail: 'Estimated wait: about 10 minutes', note: 'Updating…' });
});

test('removing the element stops polling; adding it back starts again', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1"`);
  const requests = await fakeEndpoint(page, '**/api/**', () => ({ body: metrics(2, 90) }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  await until(page, (t) => t.headline === "You're 2nd in line");
  await page.waitForTimeout(1200);
  assert.ok(requests.length >= 2, 'polls on its interval');

  await page.evaluate(() => {
    window.parked = document.querySelector('waitline-status');
    window.parked.remove();
  });
  const removedAt = requests.length;
  await page.waitForTimeout(2500);
  assert.equal(requests.length, removedAt, 'no request after removal');

  await page.evaluate(() => document.body.append(window.parked));
  await page.waitForTimeout(1500);
  assert.ok(requests.length > removedAt, 'polls again once re-added');
});

test('mount() and destroy() for programmatic use; destroy aborts the request in flight', async () => {
  const { page } = await open();
  let release;
  const hanging = new Promise((resolve) => (release = resolve));
  const requests = await fakeEndpoint(page, '**/api/**', (n) => (n === 0 ? { body: metrics(6, 1200) } : hanging.then(() => ({ body: metrics(5) }))));
  await page.goto(`${env.proxy.url}/fixture.html`);
  const result = await page.evaluate(async (endpoint) => {
    const { mount } = await import('/waitline/index.js');
    const host = document.createElement('div');
    document.body.append(host);
    const handle = mount(host, { contactId: 'c-9', endpoint, pollSeconds: 1 });
    await handle.ready;
    await new Promise((r) => setTimeout(r, 1500)); // first answer, then a second request hangs
    const shown = host.shadowRoot.querySelector('.headline').textContent;
    handle.destroy();
    let invalid = null;
    try {
      await mount(document.createElement('div'), { contactId: 'c', endpoint: '/no-placeholder' }).ready;
    } catch (error) {
      invalid = error.message;
    }
    return { shown, invalid };
  }, ENDPOINT);
  assert.equal(result.shown, "You're 6th in line");
  assert.equal(result.invalid, 'waitline: endpoint must contain {contactId}');
  const count = requests.length;
  assert.equal(count, 2, 'the second request was in flight when destroyed');
  release();
  await page.waitForTimeout(1500);
  assert.equal(requests.length, count, 'no request after destroy()');
});

test('an invalid attribute or a removed contact-id leaves nothing untrue on screen', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1"`);
  await fakeEndpoint(page, '**/api/**', () => ({ body: metrics(3, 200) }));
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${env.proxy.url}/fixture.html`);
  await until(page, (t) => t.headline === "You're 3rd in line");

  const shown = () => page.$eval('waitline-status', (el) => el.shadowRoot.textContent);
  await page.$eval('waitline-status', (el) => el.setAttribute('poll-seconds', 'soon'));
  await page.waitForTimeout(300);
  assert.equal(await shown(), '', 'the old answer stays after an invalid attribute');
  assert.ok(errors.some((e) => e.includes('poll-seconds must be a number')), errors.join('\n'));

  await page.$eval('waitline-status', (el) => el.setAttribute('poll-seconds', '1'));
  await until(page, (t) => t.headline === "You're 3rd in line");
  await page.$eval('waitline-status', (el) => el.removeAttribute('contact-id'));
  await page.waitForTimeout(300);
  assert.equal(await shown(), '', 'the old answer stays after contact-id is removed');
});

test('a typo in a mount() option is an InvalidOptions error', async () => {
  const { page } = await open();
  await page.goto(`${env.proxy.url}/fixture.html`);
  const message = await page.evaluate(async () => {
    const { mount } = await import('/waitline/index.js');
    try {
      await mount(document.createElement('div'), { contactId: 'c', pollSecond: 5 }).ready;
      return null;
    } catch (error) {
      return error.message;
    }
  });
  assert.equal(message, 'waitline: invalid options: unknown option pollSecond');
});

test('Retry-After: 0 from a gateway never brings polling under one request a second', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1"`);
  const requests = await fakeEndpoint(page, '**/api/**', () => ({
    status: 503,
    headers: { 'retry-after': '0' },
    body: 'Service Unavailable',
  }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  await page.waitForTimeout(6000);
  const gaps = requests.slice(1).map((r, i) => r.at - requests[i].at);
  console.log(`Retry-After: 0: ${requests.length} requests in 6 s`);
  // One at once, then at most one a second: 7 in 6 s (a little slack for timer granularity).
  assert.ok(requests.length <= 7, `${requests.length} requests in 6 s`);
  assert.ok(gaps.every((gap) => gap >= 950), `gaps ${gaps}`);
});

test('the live region says each change, at most once per announce-every-seconds', async () => {
  const { page } = await open(`contact-id="c-1" endpoint="${ENDPOINT}" poll-seconds="1" announce-every-seconds="2"`);
  // Position falls by one a request (about one a second near the front, floors included).
  await fakeEndpoint(page, '**/api/**', (n) => ({ body: metrics(Math.max(9 - n, 4), 600) }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  await page.evaluate(() => {
    window.heard = [];
    const record = () => {
      const live = document.querySelector('waitline-status').shadowRoot?.querySelector('[role=status]');
      if (!live) return void setTimeout(record, 10);
      new MutationObserver(() => window.heard.push([Date.now(), live.textContent])).observe(live, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    };
    record();
  });
  await page.waitForTimeout(9000);
  const heard = await page.evaluate(() => window.heard.filter(([, text]) => text !== ''));
  const lines = heard.map(([, text]) => text.split('\n')[0]);
  console.log(`heard: ${JSON.stringify(lines)}`);
  assert.ok(heard.length >= 3, `heard only ${JSON.stringify(lines)}`);
  assert.equal(lines.at(-1), "You're 4th in line", 'the last position was never said');
  for (let i = 1; i < heard.length; i += 1) {
    assert.ok(heard[i][0] - heard[i - 1][0] >= 1900, `announcements ${heard[i][0] - heard[i - 1][0]} ms apart`);
  }
});

test('the first request starts before the wasm is fetched, and is the only one', async () => {
  const { page } = await open(`contact-id="c!'()*~ 1" token="tok-2" endpoint="${ENDPOINT}"`);
  const order = [];
  page.on('request', (request) => order.push(new URL(request.url()).pathname));
  const requests = await fakeEndpoint(page, '**/api/**', () => ({ body: metrics(5, 400) }));
  await page.goto(`${env.proxy.url}/fixture.html`);
  await until(page, (t) => t.headline === "You're 5th in line");
  // The JavaScript shell built the same URL and token as the wasm would, so the wasm used it.
  assert.equal(requests.length, 1, JSON.stringify(requests));
  assert.equal(new URL(requests[0].url).pathname, '/api/c%21%27%28%29%2A~%201/metrics');
  assert.equal(requests[0].authorization, 'Bearer tok-2');
  const metricsAt = order.findIndex((p) => p.startsWith('/api/'));
  const wasmAt = order.findIndex((p) => p.endsWith('.wasm'));
  assert.ok(metricsAt >= 0 && wasmAt >= 0 && metricsAt < wasmAt, `requests in order: ${order.join(', ')}`);
});
