// The JavaScript shell (src/js/view.js) in Chromium: what it owns it releases, and what it
// builds it builds once. `window.fetch` is stubbed in the page, so each test controls every
// answer and sees every abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';

const env = withProxyAndBrowser();

const POSITION_3 = JSON.stringify({
  MetricResults: [
    { Name: 'POSITION_IN_QUEUE', Value: { Number: 3 } },
    { Name: 'ESTIMATED_WAIT_TIME', Value: { Number: 125 } },
  ],
});

/** A blank page on the proxy's origin with the package loaded and `window.stubFetch(plans)`;
 * `options` are Playwright's for the page (`locale`: the browser's languages). */
async function open(options = {}) {
  const page = await env.browser.newPage(options);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${env.proxy.url}/shell.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><body></body></html>' }),
  );
  await page.goto(`${env.proxy.url}/shell.html`);
  await page.evaluate(async () => {
    window.waitline = await import('/waitline/index.js');
    await window.waitline.initialize(); // the .wasm is fetched before fetch is stubbed
    // Each plan is [status, body] or 'hang' (never answers; rejects when aborted).
    window.stubFetch = (plans) => {
      const log = { calls: 0, aborted: 0 };
      window.fetch = (request) => {
        const plan = plans[Math.min(log.calls, plans.length - 1)];
        log.calls += 1;
        if (plan === 'hang') {
          return new Promise((_, reject) =>
            request.signal.addEventListener('abort', () => {
              log.aborted += 1;
              reject(new DOMException('aborted', 'AbortError'));
            }),
          );
        }
        return Promise.resolve(new Response(plan[1], { status: plan[0], headers: { 'content-type': 'application/json' } }));
      };
      return log;
    };
    window.host = () => document.body.appendChild(document.createElement('div'));
    window.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    window.headline = (host) => host.shadowRoot.querySelector('.headline').textContent;
  });
  return { page, errors };
}

test('destroy() aborts the request in flight, and no poll runs after it', async () => {
  const { page, errors } = await open();
  const seen = await page.evaluate(async () => {
    const log = stubFetch(['hang']);
    const handle = waitline.mount(host(), { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await sleep(30);
    const before = { ...log };
    handle.destroy();
    await sleep(1300);
    return { before, after: { ...log } };
  });
  assert.deepEqual(seen.before, { calls: 1, aborted: 0 });
  assert.deepEqual(seen.after, { calls: 1, aborted: 1 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('destroy() clears the poll timer', async () => {
  const { page } = await open();
  const calls = await page.evaluate(async (body) => {
    const log = stubFetch([[200, body]]);
    const handle = waitline.mount(host(), { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await sleep(100);
    const first = log.calls;
    handle.destroy();
    await sleep(1300);
    return [first, log.calls];
  }, POSITION_3);
  assert.deepEqual(calls, [1, 1], 'a poll ran after destroy()');
  await page.close();
});

test('mounting again replaces the previous tree and keeps the adopted stylesheet', async () => {
  const { page } = await open();
  const seen = await page.evaluate(async (body) => {
    stubFetch([[200, body]]);
    const element = host();
    const first = waitline.mount(element, { contactId: 'c-1' });
    await first.ready;
    const sheet = element.shadowRoot.adoptedStyleSheets[0];
    first.destroy();
    const second = waitline.mount(element, { contactId: 'c-1' });
    await second.ready;
    await sleep(100);
    const result = {
      children: element.shadowRoot.childElementCount,
      sheets: element.shadowRoot.adoptedStyleSheets.length,
      sameSheet: element.shadowRoot.adoptedStyleSheets[0] === sheet && sheet instanceof CSSStyleSheet,
      // src/widget.css, minified by the build: its rules, the headline's among them.
      styled: [...sheet.cssRules].some((rule) => rule.selectorText === '.headline' && rule.style.fontWeight === '600'),
      headline: headline(element),
    };
    second.destroy();
    result.afterDestroy = element.shadowRoot.childElementCount;
    return result;
  }, POSITION_3);
  // The visible container and the live region, once each; nothing left once stopped.
  assert.deepEqual(seen, { children: 2, sheets: 1, sameSheet: true, styled: true, headline: "You're 3rd in line", afterDestroy: 0 });
  await page.close();
});

test('an element that cannot host a shadow root is a clear error, and its request is aborted', async () => {
  const { page } = await open();
  const seen = await page.evaluate(async () => {
    const log = stubFetch(['hang']);
    const image = document.body.appendChild(document.createElement('img'));
    try {
      await waitline.mount(image, { contactId: 'c-1' }).ready;
      return 'mounted';
    } catch (error) {
      return { message: error.message, ...log };
    }
  });
  assert.deepEqual(seen, {
    message: 'waitline: the element cannot host a shadow root (use a custom element, div or span)',
    calls: 1,
    aborted: 1,
  });
  await page.close();
});

test('bad answers never break the widget, and polling backs off until a good one', async () => {
  const { page, errors } = await open();
  const seen = await page.evaluate(async (body) => {
    const log = stubFetch([
      [200, 'not json'],
      [200, '{"MetricResults":"wrong"}'],
      [500, '{}'],
      [200, body],
    ]);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await sleep(50);
    const early = headline(element);
    const started = performance.now();
    while (headline(element) !== "You're 3rd in line" && performance.now() - started < 9000) await sleep(100);
    const result = { early, last: headline(element), calls: log.calls, waited: performance.now() - started };
    handle.destroy();
    return result;
  }, POSITION_3);
  assert.equal(seen.early, 'Checking your place in the queue…');
  assert.equal(seen.last, "You're 3rd in line");
  assert.equal(seen.calls, 4);
  // Three failures back off with full jitter under ceilings of 1 s, 2 s and 4 s.
  assert.ok(seen.waited >= 2500, `three failures waited at least 1 s each, recovered after ${seen.waited} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page loads only the language packs it speaks, English too', async () => {
  const { page, errors } = await open();
  const packs = [];
  page.on('request', (request) => {
    if (request.url().includes('/locales/')) packs.push(new URL(request.url()).pathname);
  });
  const seen = await page.evaluate(async (body) => {
    stubFetch([[200, body]]);
    const english = host();
    const french = host();
    const handles = [waitline.mount(english, { contactId: 'c-1' }), waitline.mount(french, { contactId: 'c-2', locale: 'fr-CA' })];
    await Promise.all(handles.map((h) => h.ready));
    await sleep(100);
    const result = {
      english: headline(english),
      french: headline(french),
      lang: french.shadowRoot.querySelector('.container').lang,
    };
    handles.forEach((h) => h.destroy());
    return result;
  }, POSITION_3);
  assert.deepEqual(seen, { english: "You're 3rd in line", french: 'Votre place dans la file\u202f: 3', lang: 'fr' });
  assert.deepEqual(packs.sort(), ['/waitline/locales/en.js', '/waitline/locales/fr.js']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('without its language pack the widget speaks English, and without any it says why', async () => {
  const { page, errors } = await open();
  await page.route('**/locales/ar.js', (route) => route.abort());
  const seen = await page.evaluate(async (body) => {
    stubFetch([[200, body]]);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', locale: 'ar' });
    await handle.ready;
    await sleep(100);
    const container = element.shadowRoot.querySelector('.container');
    const result = { headline: headline(element), lang: container.lang, dir: container.dir };
    handle.destroy();
    return result;
  }, POSITION_3);
  assert.deepEqual(seen, { headline: "You're 3rd in line", lang: 'en', dir: 'ltr' });

  assert.deepEqual(errors, []);
  await page.close();

  // English's pack gone too (a fresh page: a loaded module stays loaded): nothing to show, and
  // mount() says why.
  const second = await open();
  await second.page.route('**/locales/*.js', (route) => route.abort());
  const failed = await second.page.evaluate(async (body) => {
    stubFetch([[200, body]]);
    const element = host();
    const error = await waitline.mount(element, { contactId: 'c-1', locale: 'ar' }).ready.then(() => null, (e) => e.message);
    // The element says so with its error event.
    const status = document.createElement('waitline-status');
    const event = new Promise((resolve) => status.addEventListener('waitline:error', (e) => resolve(e.detail)));
    status.setAttribute('contact-id', 'c-2');
    document.body.append(status);
    const { code, retrying } = await event;
    status.remove();
    return { error, rendered: element.shadowRoot?.childElementCount ?? 0, code, retrying };
  }, POSITION_3);
  assert.deepEqual(failed, {
    error: 'waitline: cannot load its language pack (serve locales/ beside index.js)',
    rendered: 0,
    code: 'LoadFailed',
    retrying: false,
  });
  assert.deepEqual(second.errors, []);
  await second.page.close();
});

test('a language named like an Object.prototype member is unknown: the fallback speaks, nothing throws', async () => {
  // The browser's languages are German here, so each step of the fallback shows in the words.
  const { page, errors } = await open({ locale: 'de-DE' });
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  const seen = await page.evaluate(
    async ([body, names]) => {
      stubFetch([[200, body]]);
      const shown = (element) => ({ headline: headline(element), lang: element.shadowRoot.querySelector('.container').lang });
      const mounted = async (options) => {
        const element = host();
        try {
          const handle = waitline.mount(element, options);
          await handle.ready;
          await sleep(50);
          const result = shown(element);
          handle.destroy();
          return result;
        } catch (error) {
          return `${error.name}: ${error.message}`;
        }
      };
      const results = {};
      for (const name of names) {
        // The locale option: the page's lang (French) is next.
        document.documentElement.lang = 'fr';
        results[`locale=${name}`] = await mounted({ contactId: 'c-1', locale: name });
        // The page's lang: the browser's languages (German) are next.
        document.documentElement.lang = name;
        results[`lang=${name}`] = await mounted({ contactId: 'c-1' });
        // The element's attribute, on an English page: no error event, English words.
        document.documentElement.lang = 'en';
        const status = document.createElement('waitline-status');
        const failures = [];
        status.addEventListener('waitline:error', (event) => failures.push(event.detail.message));
        status.setAttribute('locale', name);
        status.setAttribute('contact-id', 'c-1');
        document.body.append(status);
        const started = performance.now();
        while (!status.shadowRoot?.querySelector('.headline') && !failures.length && performance.now() - started < 3000) await sleep(20);
        await sleep(50);
        results[`<waitline-status locale=${name}>`] = failures.length ? failures : status.shadowRoot ? shown(status) : 'nothing shown';
        status.remove();
      }
      return results;
    },
    [POSITION_3, names],
  );
  const expected = {};
  for (const name of names) {
    expected[`locale=${name}`] = { headline: 'Votre place dans la file\u202f: 3', lang: 'fr' };
    expected[`lang=${name}`] = { headline: 'Sie sind an 3. Stelle in der Warteschlange', lang: 'de' };
    expected[`<waitline-status locale=${name}>`] = { headline: "You're 3rd in line", lang: 'en' };
  }
  assert.deepEqual(seen, expected);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a contact without a position: in a flow it polls on, with an agent or ended it stops', async () => {
  const { page, errors } = await open();
  const staged = (stage) => JSON.stringify({ MetricResults: [], ContactStage: stage });
  const seen = await page.evaluate(
    async ([plans, position]) => {
      const run = async (answers) => {
        const log = stubFetch(answers.map((body) => [200, body]));
        const element = host();
        const events = [];
        element.addEventListener('waitline:connecting', (event) => events.push(event.type));
        const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
        await handle.ready;
        const states = [];
        const started = performance.now();
        // Every state shown, in order, over 4.5 s of one-second polls (±20%).
        while (performance.now() - started < 4500) {
          const state = element.shadowRoot.querySelector('.container').dataset.state;
          const text = `${state}: ${headline(element)} / ${element.shadowRoot.querySelector('.live').textContent}`;
          if (states.at(-1) !== text) states.push(text);
          await sleep(25);
        }
        const result = { states, calls: log.calls, events };
        handle.destroy();
        return result;
      };
      return {
        inFlow: await run([plans.IN_FLOW, plans.IN_FLOW, plans.IN_FLOW, position]),
        withAgent: await run([plans.WITH_AGENT, position]),
        ended: await run([plans.IN_FLOW, plans.ENDED, position]),
      };
    },
    [{ IN_FLOW: staged('IN_FLOW'), WITH_AGENT: staged('WITH_AGENT'), ENDED: staged('ENDED') }, POSITION_3],
  );
  const loading = 'loading: Checking your place in the queue… / ';
  const inFlow = 'in-flow: Connecting you… / Connecting you…';
  assert.deepEqual(seen.inFlow.states, [loading, inFlow, "in-queue: You're 3rd in line / You're 3rd in line\nEstimated wait: about 3 minutes"]);
  assert.ok(seen.inFlow.calls >= 4, `polled on: ${seen.inFlow.calls} requests`);
  assert.deepEqual(seen.inFlow.events, []);
  const connecting = 'An agent will be with you shortly';
  assert.deepEqual(seen.withAgent, { states: [loading, `connecting: ${connecting} / ${connecting}`], calls: 1, events: ['waitline:connecting'] });
  const ended = "You're no longer in the queue";
  assert.deepEqual(seen.ended, { states: [loading, inFlow, `ended: ${ended} / ${ended}`], calls: 2, events: [] });
  assert.deepEqual(errors, []);
  await page.close();
});
