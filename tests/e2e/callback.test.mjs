// "Call me back" end to end: the widget's form, the real proxy making the callback in the
// simulated Connect, and the widget following it through its initial delay to the agent's call,
// across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cargoTargetDir } from '../../scripts/lib/paths.mjs';
import { createRequire } from 'node:module';
import { withProxyAndBrowser } from './support/harness.mjs';
import { axeViolations } from './support/fixture.mjs';

// Three agents busy with the three contacts already there, nobody new: a contact made now waits
// until one is free. Times are simulated, ten times faster: the 60 s initial delay takes 6 s, a
// call about 20 s on average (its length is random).
const env = withProxyAndBrowser([
  '--sim-agents', '3', '--sim-initial-queue', '3', '--sim-arrivals-per-minute', '0',
  '--sim-handle-seconds', '200', '--sim-time-scale', '10', '--callback-delay-seconds', '60',
  '--sim-quota-rate', '50', '--sim-quota-burst', '50',
]);

const SCREENSHOTS = path.join(cargoTargetDir(), 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function waitingContact() {
  const response = await fetch(`${env.proxy.url}/v1/demo/contacts`, { method: 'POST' });
  assert.equal(response.status, 201);
  return response.json();
}

/** A page on the proxy's origin holding one widget for `contact`, recording its events. */
async function open(contact) {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${env.proxy.url}/axe.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: AXE }));
  await page.route(`${env.proxy.url}/callback.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Callback</title></head><body>
        <script type="module">
          import '/waitline/index.js';
          window.events = [];
          for (const type of ['waitline:callback-requested', 'waitline:callback-state', 'waitline:error']) {
            document.addEventListener(type, (event) => window.events.push({ type, detail: event.detail }));
          }
        </script>
        <waitline-status contact-id="${contact.contactId}" token="${contact.token}"
          callback-after-position="1" poll-seconds="1"></waitline-status></body></html>`,
    }),
  );
  await page.goto(`${env.proxy.url}/callback.html`);
  return { page, errors };
}

const shadow = (page, selector) =>
  page.evaluate((s) => document.querySelector('waitline-status').shadowRoot.querySelector(s)?.textContent ?? null, selector);

async function until(page, predicate, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(predicate))) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

const state = () => document.querySelector('waitline-status').shadowRoot.querySelector('.container')?.dataset.state;

test('a refused number is said next to the field, and the customer may go back', async () => {
  const contact = await waitingContact();
  const { page, errors } = await open(contact);
  await page.locator('waitline-status >> [part~="callback-offer"] button').click();
  const input = page.locator('waitline-status >> input[type="tel"]');
  // Digits enough to pass the widget's first check, not a number anyone can dial.
  await input.fill('+999 123 456 789');
  await page.locator('waitline-status >> .callback-confirm').click();
  await until(page, () => document.querySelector('waitline-status').shadowRoot.querySelector('.callback-error').textContent !== '', 'the refusal');
  assert.equal(await shadow(page, '.callback-error'), "Enter a number we can call, with + and the country code if it's abroad.");
  await page.locator('waitline-status >> .callback-cancel').click();
  assert.equal(await page.locator('waitline-status >> form').isHidden(), true);
  assert.equal(await page.locator('waitline-status >> [part~="callback-offer"] button').isVisible(), true);
  assert.equal(
    await page.evaluate(() => document.querySelector('waitline-status').shadowRoot.activeElement?.textContent),
    'Call me back',
    'focus is back on the offer',
  );
  assert.equal(await page.evaluate(state), 'in-queue');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the customer asks for a callback in the widget and follows it to the call, across a reload', async () => {
  const contact = await waitingContact();
  const { page, errors } = await open(contact);
  const action = 'waitline-status >> [part~="callback-offer"] button';
  await page.locator(action).waitFor();
  assert.equal(await page.locator(action).textContent(), 'Call me back');
  await page.locator(action).click();

  // The form: a labelled phone field, focused; a typo is said next to it.
  const input = page.locator('waitline-status >> input[type="tel"]');
  assert.equal(await input.evaluate((el) => el === el.getRootNode().activeElement), true, 'the field has focus');
  assert.equal(await input.getAttribute('autocomplete'), 'tel');
  assert.equal(await page.locator('waitline-status >> label[for="callback-number"]').textContent(), 'Your phone number');
  for (const layout of ['card', 'compact']) {
    await page.$eval('waitline-status', (el, value) => el.setAttribute('layout', value), layout);
    assert.deepEqual(await axeViolations(page), [], `axe, with the form open, ${layout}`);
    await page.locator('waitline-status').screenshot({ path: path.join(SCREENSHOTS, `callback-form-${layout}-light.png`), animations: 'disabled' });
  }
  await input.fill('call me maybe');
  await page.locator('waitline-status >> .callback-confirm').click();
  assert.equal(await shadow(page, '.callback-error'), "Enter a number we can call, with + and the country code if it's abroad.");
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.equal(await input.getAttribute('aria-describedby'), 'callback-error');

  await input.fill('+1 201 555 0123');
  await page.locator('waitline-status >> .callback-confirm').click();
  await until(page, () => window.events.some((e) => e.type === 'waitline:callback-requested'), 'the callback to be made');
  const requested = await page.evaluate(() => window.events.find((e) => e.type === 'waitline:callback-requested').detail);
  assert.equal(requested.phoneNumber, '•••• 0123');
  assert.notEqual(requested.contactId, contact.contactId, 'the callback is a contact of its own');

  // The initial delay, counted down, with the masked number (isolated for right-to-left text).
  await until(page, () => document.querySelector('waitline-status').shadowRoot.querySelector('.container').dataset.state === 'callback-scheduled', 'callback-scheduled');
  const headline = await shadow(page, '.headline');
  assert.match(headline, /^We'll call you at \u2068•••• 0123\u2069 (in about 1 minute|in less than a minute|shortly)$/);
  assert.equal(await page.locator('waitline-status >> [part~="callback-offer"]').isHidden(), true, 'no offer once asked');

  // A reload keeps following the callback, not the contact (which left the queue).
  await page.reload();
  await until(page, () => /^callback-/.test(document.querySelector('waitline-status')?.shadowRoot?.querySelector('.container')?.dataset.state ?? ''), 'the callback after the reload');
  assert.equal(await page.locator('waitline-status >> [part~="callback-offer"]').isHidden(), true);

  // Through the callback queue to the call, and its end.
  const seen = new Set();
  // Call lengths are random (exponential around 20 s, simulated 10× faster): room for the tail.
  const deadline = Date.now() + 150_000;
  for (;;) {
    const now = await page.evaluate(state);
    seen.add(now);
    if (now === 'callback-done' || Date.now() > deadline) break;
    await page.waitForTimeout(100);
  }
  // The simulated call's length is random around 15 s; a short one can end inside the proxy's
  // freshness window, so `calling` may pass unseen here (states.test.mjs shows it). Done must come.
  assert.ok(seen.has('callback-done'), `states seen: ${[...seen].join(', ')}`);
  assert.ok(!seen.has('callback-failed'), `states seen: ${[...seen].join(', ')}`);
  assert.equal(await shadow(page, '.headline'), 'Your callback is complete. Thank you.');
  const states = await page.evaluate(() => window.events.filter((e) => e.type === 'waitline:callback-state').map((e) => e.detail.state));
  assert.equal(states.at(-1), 'done');
  assert.deepEqual(errors, []);
  await page.close();
});
