// Every state the customer can see, in both layouts, light and dark, and every built-in
// language: what is shown, what is heard, the events, and zero axe-core violations. Saves a
// screenshot of each state and layout under the cargo target directory (screenshots/).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cargoTargetDir } from '../../scripts/lib/paths.mjs';
import { widgetText } from './support/browser.mjs';
import { fakeEndpoint, metrics } from './support/fake-endpoint.mjs';
import { axeViolations, liveText, openFixture } from './support/fixture.mjs';

const SCREENSHOTS = path.join(cargoTargetDir(), 'screenshots');
const BASE = { 'contact-id': 'c-1', endpoint: '/api/{contactId}/metrics', 'poll-seconds': 1 };
const OFFERS = {
  'callback-after-seconds': 600,
  'self-service-after-position': 10,
  'callback-url': 'https://example.com/callback',
};

// A callback the customer asked for before this page loaded: what the widget keeps in
// sessionStorage for a reload (the callback, its token, the masked number), so it follows it.
const CALLBACK = { 'callback-endpoint': '/api/{contactId}/callback' };
const REMEMBERED = ['waitline:callback:/api/c-1/metrics', 'cb-1\ncb.tok\n•••• 0123'];
const NUMBER = '\u2068•••• 0123\u2069';
const status = (body) => () => ({ body: { scheduledAt: 1795433820, ...body } });

const env = withProxyAndBrowser();

before(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

const hang = () => new Promise(() => {});
const refused = { status: 403, headers: { 'x-amzn-ErrorType': 'AccessDeniedException' }, body: { Message: 'no' } };

// Each state: the answers that reach it, extra attributes, and what the customer then sees.
const STATES = [
  { name: 'loading', heard: '', answer: hang, expect: { headline: 'Checking your place in the queue…', detail: null, note: null } },
  // Connect has the contact, but a flow (a bot) still runs before the queue: the proxy says so.
  { name: 'in-flow', heard: 'Connecting you…', answer: () => ({ body: { MetricResults: [], ContactStage: 'IN_FLOW' } }), expect: { headline: 'Connecting you…', detail: null, note: null } },
  { name: 'in-queue', heard: "You're 4th in line\nEstimated wait: about 7 minutes", answer: () => ({ body: metrics(4, 420) }), expect: { headline: "You're 4th in line", detail: 'Estimated wait: about 7 minutes', note: null } },
  { name: 'position-only', heard: "You're 4th in line", answer: () => ({ body: metrics(4) }), expect: { headline: "You're 4th in line", detail: null, note: null } },
  { name: 'next', heard: "You're next\nEstimated wait: less than a minute", answer: () => ({ body: metrics(1, 30) }), expect: { headline: "You're next", detail: 'Estimated wait: less than a minute', note: null } },
  { name: 'offers', heard: "You're 12th in line\nEstimated wait: about 25 minutes", attributes: OFFERS, answer: () => ({ body: metrics(12, 1500) }), expect: { headline: "You're 12th in line", detail: 'Estimated wait: about 25 minutes', note: null } },
  // notify-next: the button, before the customer has asked (the browser's permission is "default").
  { name: 'notify', heard: "You're 4th in line\nEstimated wait: about 7 minutes", attributes: { 'notify-next': '' }, answer: () => ({ body: metrics(4, 420) }), expect: { headline: "You're 4th in line", detail: 'Estimated wait: about 7 minutes', note: null } },
  { name: 'stale', heard: "You're 4th in line\nEstimated wait: about 7 minutes", answer: (n) => (n === 0 ? { body: metrics(4, 420) } : { status: 503, body: 'down' }), expect: { headline: "You're 4th in line", detail: 'Estimated wait: about 7 minutes', note: 'Updating…' } },
  { name: 'connecting', heard: 'An agent will be with you shortly', answer: (n) => ({ body: n === 0 ? metrics(1, 20) : { MetricResults: [] } }), expect: { headline: 'An agent will be with you shortly', detail: null, note: null } },
  // Disconnected before it was ever in queue (a bot ended the contact).
  { name: 'ended', heard: "You're no longer in the queue", answer: (n) => ({ body: { MetricResults: [], ...(n === 0 ? { ContactStage: 'IN_FLOW' } : { ContactStage: 'ENDED' }) } }), expect: { headline: "You're no longer in the queue", detail: null, note: null } },
  { name: 'callback-scheduled', remember: true, attributes: CALLBACK, heard: `We'll call you at ${NUMBER} in about 2 minutes`, answer: status({ state: 'scheduled', startsInSeconds: 120 }), expect: { headline: `We'll call you at ${NUMBER} in about 2 minutes`, detail: null, note: null } },
  { name: 'callback-queued', remember: true, attributes: CALLBACK, heard: "You're 2nd in line\nEstimated wait: about 2 minutes", answer: status({ state: 'queued', position: 2, ewtSeconds: 90 }), expect: { headline: "You're 2nd in line", detail: 'Estimated wait: about 2 minutes', note: `We'll call you at ${NUMBER} shortly` } },
  { name: 'callback-calling', remember: true, attributes: CALLBACK, heard: `We're calling you now at ${NUMBER}`, answer: status({ state: 'calling' }), expect: { headline: `We're calling you now at ${NUMBER}`, detail: null, note: null } },
  { name: 'callback-done', remember: true, attributes: CALLBACK, heard: 'Your callback is complete. Thank you.', answer: status({ state: 'done' }), expect: { headline: 'Your callback is complete. Thank you.', detail: null, note: null } },
  { name: 'callback-failed', remember: true, attributes: CALLBACK, heard: "We couldn't reach you. Please contact us again.", answer: status({ state: 'failed' }), expect: { headline: "We couldn't reach you. Please contact us again.", detail: null, note: null } },
  { name: 'error', heard: "We can't show your place in the queue right now\nYou're still in the queue. This page can no longer check your place.", answer: () => refused, expect: { headline: "We can't show your place in the queue right now", detail: "You're still in the queue. This page can no longer check your place.", note: null } },
];

async function reach(context, state) {
  const fixture = await openFixture(context, env.proxy.url, { ...BASE, ...state.attributes });
  if (state.remember) await fixture.page.addInitScript(([key, value]) => sessionStorage.setItem(key, value), REMEMBERED);
  await fakeEndpoint(fixture.page, '**/api/**', (n) => (state.answer(n) ?? hang()));
  await fixture.open();
  const deadline = Date.now() + 6000;
  let text;
  while (Date.now() < deadline) {
    text = await widgetText(fixture.page).catch(() => null);
    if (text && JSON.stringify(text) === JSON.stringify(state.expect)) break;
    await fixture.page.waitForTimeout(50);
  }
  assert.deepEqual(text, state.expect, state.name);
  return fixture;
}

for (const scheme of ['light', 'dark']) {
  describe(`every state, ${scheme}`, () => {
    for (const state of STATES) {
      test(`${state.name}: shown, accessible, in card and compact layouts`, async () => {
        const context = await env.browser.newContext({ colorScheme: scheme, reducedMotion: 'reduce' });
        try {
          const { page, errors } = await reach(context, state);
          const widget = await page.$('waitline-status');
          const dataState = await page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('[part=container]').dataset.state);
          assert.equal(dataState, ['next', 'offers', 'notify'].includes(state.name) ? 'in-queue' : state.name);
          const notify = await page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('[part~=notify-offer]:not([hidden]) button')?.textContent ?? null);
          assert.equal(notify, state.name === 'notify' ? "Notify me when I'm next" : null);
          assert.equal(await liveText(page), state.heard, 'what a screen reader hears');
          for (const layout of ['card', 'compact']) {
            await page.$eval('waitline-status', (el, value) => el.setAttribute('layout', value), layout);
            assert.deepEqual(await axeViolations(page), [], `${state.name} ${layout} ${scheme}`);
            await widget.screenshot({ path: path.join(SCREENSHOTS, `${state.name}-${layout}-${scheme}.png`), animations: 'disabled' });
          }
          assert.deepEqual(errors, []);
          assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'works under a strict CSP');
        } finally {
          await context.close();
        }
      });
    }
  });
}

describe('offers', () => {
  test('callback link and self-service button, with their events; preventDefault keeps the link closed', async () => {
    const context = await env.browser.newContext();
    const { page } = await reach(context, STATES.find((s) => s.name === 'offers'));
    const offers = await page.$eval('waitline-status', (el) =>
      [...el.shadowRoot.querySelectorAll('.offer:not([hidden])')].map((row) => {
        const action = row.querySelector('a, button');
        return { tag: action.tagName, text: action.textContent, href: action.getAttribute('href'), prompt: row.querySelector('.offer-prompt').textContent };
      }),
    );
    assert.deepEqual(offers, [
      { tag: 'A', text: 'Call me back', href: 'https://example.com/callback', prompt: 'Prefer not to wait? We can call you back.' },
      { tag: 'BUTTON', text: 'Visit the help center', href: null, prompt: 'Looking for a quick answer?' },
    ]);
    // Keyboard: Tab reaches the link, then the button.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.textContent), 'Call me back');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.textContent), 'Visit the help center');
    await page.keyboard.press('Enter');

    await page.evaluate(() => (window.preventOffers = true));
    await page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('a[part=callback]').click());
    await page.waitForTimeout(200);
    assert.equal(new URL(page.url()).pathname, '/fixture.html', 'preventDefault kept the link from opening');
    const types = await page.evaluate(() => window.events.map((e) => e.type + (e.detail.kind ? `:${e.detail.kind}` : '')));
    assert.deepEqual(types.slice(0, 3), ['waitline:update', 'waitline:offer:callback', 'waitline:offer:self-service']);
    assert.ok(types.includes('waitline:self-service') && types.includes('waitline:callback'), types.join(', '));
    await context.close();
  });

  test('a non-http(s) callback-url is refused with a console error and never rendered', async () => {
    const context = await env.browser.newContext();
    const { page, errors } = await reach(context, {
      ...STATES.find((s) => s.name === 'offers'),
      attributes: { ...OFFERS, 'callback-url': 'javascript:alert(1)' },
    });
    assert.deepEqual(errors, ['waitline: callback-url must be an http or https URL; ignoring it']);
    const html = await page.$eval('waitline-status', (el) => el.shadowRoot.innerHTML);
    assert.ok(!html.includes('javascript:'), html);
    assert.equal(await page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('[part=callback]').tagName), 'BUTTON');
    await context.close();
  });
});

describe('events and the live region', () => {
  test('update, connecting and error events carry typed details; milestones are heard at once', async () => {
    const context = await env.browser.newContext();
    const { page } = await reach(context, {
      name: 'sequence',
      attributes: { 'announce-every-seconds': 60 },
      answer: (n) => [{ body: metrics(3, 200) }, { body: metrics(2, 150) }, { body: metrics(1, 60) }, { body: { MetricResults: [] } }][Math.min(n, 3)],
      expect: { headline: 'An agent will be with you shortly', detail: null, note: null },
    });
    const events = await page.evaluate(() => window.events);
    assert.deepEqual(events.map((e) => e.type), ['waitline:update', 'waitline:update', 'waitline:update', 'waitline:connecting']);
    assert.deepEqual(events[0].detail, { position: 3, ewtSeconds: 200, stale: false });
    assert.equal(await liveText(page), 'An agent will be with you shortly');
    await context.close();

    const again = await env.browser.newContext();
    const fixture = await openFixture(again, env.proxy.url, { ...BASE, 'announce-every-seconds': 60 });
    await fakeEndpoint(fixture.page, '**/api/**', (n) => (n === 0 ? { body: metrics(3, 200) } : { body: metrics(2, 150) }));
    await fixture.open();
    await fixture.page.waitForFunction(() => window.events.length >= 2);
    // The second position is shown but not yet heard: changes are heard at most once a minute.
    assert.equal((await widgetText(fixture.page)).headline, "You're 2nd in line");
    assert.equal(await liveText(fixture.page), "You're 3rd in line\nEstimated wait: about 4 minutes");
    await again.close();
  });

  test('a callback resumed after a reload is heard at its first status, even one reading as the wait for it did', async () => {
    const context = await env.browser.newContext();
    const { page } = await reach(context, {
      name: 'resumed',
      remember: true,
      attributes: CALLBACK,
      answer: status({ state: 'queued' }),
      expect: { headline: `We'll call you at ${NUMBER} shortly`, detail: null, note: null },
    });
    // Before the first answer the widget already reads so (state loading): wait for the answer.
    await page.waitForFunction(() => document.querySelector('waitline-status').shadowRoot.querySelector('[part=container]').dataset.state === 'callback-queued');
    assert.equal(await liveText(page), `We'll call you at ${NUMBER} shortly`);
    await context.close();
  });

  test('a refusal fires waitline:error with retrying false', async () => {
    const context = await env.browser.newContext();
    const { page } = await reach(context, STATES.find((s) => s.name === 'error'));
    assert.deepEqual(await page.evaluate(() => window.events), [
      { type: 'waitline:error', detail: { code: 'AccessDeniedException', message: 'HTTP 403 (AccessDeniedException)', retrying: false } },
    ]);
    assert.match(await liveText(page), /^We can't show your place/);
    await context.close();
  });
});

const LOCALES = [
  ['en', "You're 12th in line", 'Estimated wait: about 25 minutes'],
  ['es', 'Su lugar en la cola: 12', 'Espera estimada: aproximadamente 25 minutos'],
  ['fr', 'Votre place dans la file\u202f: 12', 'Attente estimée\u202f: environ 25 minutes'],
  ['de', 'Sie sind an 12. Stelle in der Warteschlange', 'Geschätzte Wartezeit: etwa 25 Minuten'],
  ['pt', 'Sua posição na fila: 12', 'Espera estimada: cerca de 25 minutos'],
  ['ja', 'あなたの順番：12番目', '予想待ち時間：約25分'],
  // Digits as the browser's Intl.NumberFormat('ar') writes them (Latin in current CLDR data).
  ['ar', 'ترتيبك في قائمة الانتظار: {12}', 'وقت الانتظار المتوقع: حوالي {25} دقيقة'],
];

describe('languages', () => {
  for (const [locale, headline, detail] of LOCALES) {
    test(`${locale}: words, numbers and direction from the platform; no axe violations`, async () => {
      const context = await env.browser.newContext();
      const fixture = await openFixture(context, env.proxy.url, { ...BASE, ...OFFERS, locale }, { lang: locale });
      await fakeEndpoint(fixture.page, '**/api/**', () => ({ body: metrics(12, 1500) }));
      await fixture.open();
      await fixture.page.waitForFunction(() => document.querySelector('waitline-status')?.shadowRoot?.querySelector('[part=container]')?.dataset.state === 'in-queue');
      const text = await widgetText(fixture.page);
      const digits = (template) =>
        fixture.page.evaluate(([t, l]) => t.replace(/\{(\d+)\}/g, (_, n) => new Intl.NumberFormat(l).format(Number(n))), [template, locale]);
      assert.deepEqual([text.headline, text.detail], [await digits(headline), await digits(detail)]);
      const dir = await fixture.page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('[part=container]').dir);
      assert.equal(dir, locale === 'ar' ? 'rtl' : 'ltr');
      assert.deepEqual(await axeViolations(fixture.page), []);
      await fixture.page.locator('waitline-status').screenshot({ path: path.join(SCREENSHOTS, `locale-${locale}.png`) });
      await context.close();
    });
  }

  test('the page language is the default, and plural forms follow the platform (Arabic dual)', async () => {
    const context = await env.browser.newContext();
    const fixture = await openFixture(context, env.proxy.url, BASE, { lang: 'ar-EG' });
    await fakeEndpoint(fixture.page, '**/api/**', () => ({ body: metrics(3, 120) }));
    await fixture.open();
    await fixture.page.waitForFunction(() => document.querySelector('waitline-status')?.shadowRoot?.querySelector('[part=detail]')?.textContent);
    assert.equal((await widgetText(fixture.page)).detail, 'وقت الانتظار المتوقع: حوالي دقيقتين');
    await context.close();
  });
});

describe('layout, zoom and security', () => {
  test('at 320 px wide and at 200% zoom nothing is cut off', async () => {
    for (const viewport of [{ width: 320, height: 640, deviceScaleFactor: 1 }, { width: 640, height: 480, deviceScaleFactor: 2 }]) {
      const context = await env.browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: viewport.deviceScaleFactor });
      const fixture = await openFixture(context, env.proxy.url, { ...BASE, ...OFFERS, locale: 'de', layout: 'compact' }, { lang: 'de' });
      await fakeEndpoint(fixture.page, '**/api/**', () => ({ body: metrics(12, 1500) }));
      await fixture.open();
      await fixture.page.waitForFunction(() => document.querySelector('waitline-status')?.shadowRoot?.querySelector('.offer:not([hidden])'));
      const overflow = await fixture.page.$eval('waitline-status', (el) =>
        [el, ...el.shadowRoot.querySelectorAll('*')].filter((n) => n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflow !== 'hidden').map((n) => n.className || n.tagName),
      );
      assert.deepEqual(overflow, [], `overflowing at ${viewport.width}px`);
      const box = await fixture.page.locator('waitline-status').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, JSON.stringify(box));
      await context.close();
    }
  });

  test('messages and attributes are rendered as text, never HTML', async () => {
    const context = await env.browser.newContext();
    const fixture = await openFixture(context, env.proxy.url, BASE);
    await fakeEndpoint(fixture.page, '**/api/**', () => ({ body: metrics(1, 10) }));
    await fixture.open();
    await fixture.page.waitForFunction(() => customElements.get('waitline-status'));
    await fixture.page.$eval('waitline-status', (el) => (el.messages = { next: '<img src=x onerror="window.pwned=1">' }));
    await fixture.page.waitForFunction(() => document.querySelector('waitline-status').shadowRoot.querySelector('[part=headline]').textContent.startsWith('<img'));
    assert.equal(await fixture.page.$eval('waitline-status', (el) => el.shadowRoot.querySelectorAll('img').length), 0);
    assert.equal(await fixture.page.evaluate(() => window.pwned), undefined);
    await context.close();
  });

  test('an unknown message key is a clear error event', async () => {
    const context = await env.browser.newContext();
    const fixture = await openFixture(context, env.proxy.url, {});
    await fixture.open();
    await fixture.page.waitForFunction(() => customElements.get('waitline-status'));
    await fixture.page.$eval('waitline-status', (el) => {
      el.messages = { nxt: 'typo' };
      el.setAttribute('contact-id', 'c-1');
    });
    await fixture.page.waitForFunction(() => window.events.length > 0);
    assert.deepEqual(await fixture.page.evaluate(() => window.events), [
      { type: 'waitline:error', detail: { code: 'InvalidOptions', message: 'waitline: messages: unknown key `nxt`', retrying: false } },
    ]);
    await context.close();
  });
});
