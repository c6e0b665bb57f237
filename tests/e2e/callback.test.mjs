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
import { SCRIPTED_QUEUE, hangUp as stopContact, queueContact } from './support/contact-center.mjs';
import { axeViolations } from './support/fixture.mjs';

// A scripted queue (support/contact-center.mjs), so every run takes the same path: nothing moves
// but the test, which hangs up calls when its script says so. Simulated time runs ten times
// faster: the 60 s initial delay takes 6 s.
const env = withProxyAndBrowser([
  ...SCRIPTED_QUEUE, '--sim-time-scale', '10', '--sim-seed', '1', '--callback-delay-seconds', '60',
  '--sim-quota-rate', '50', '--sim-quota-burst', '50',
]);

let onTheLine;
/** The contact on the line with the only agent, so every contact made after it waits. Made
 * by the first test that asks (Node 20 may run this file's hooks before the harness's). */
function callOnTheLine() {
  onTheLine ??= waitingContact().then((contact) => contact.contactId);
  return onTheLine;
}

const hangUp = (contactId) => stopContact(env.proxy, contactId);
const waitingContact = () => queueContact(env.proxy);

const SCREENSHOTS = path.join(cargoTargetDir(), 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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

async function untilState(page, wanted, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let now;
  while ((now = await page.evaluate(state)) !== wanted) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${wanted}; the widget shows ${now}`);
    await page.waitForTimeout(100);
  }
}

test('a refused number is said next to the field, and the customer may go back', async () => {
  await callOnTheLine();
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
  await hangUp(contact.contactId); // the customer gives up, so the next test's contact is first
});

test('the customer asks for a callback in the widget and follows it to the call, across a reload', async () => {
  await callOnTheLine();
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
  await untilState(page, 'callback-scheduled');
  const headline = await shadow(page, '.headline');
  assert.match(headline, /^We'll call you at \u2068•••• 0123\u2069 (in about 1 minute|in less than a minute|shortly)$/);
  assert.equal(await page.locator('waitline-status >> [part~="callback-offer"]').isHidden(), true, 'no offer once asked');

  // A reload keeps following the callback, not the contact (which left the queue).
  await page.reload();
  await until(page, () => /^callback-/.test(document.querySelector('waitline-status')?.shadowRoot?.querySelector('.container')?.dataset.state ?? ''), 'the callback after the reload');
  assert.equal(await page.locator('waitline-status >> [part~="callback-offer"]').isHidden(), true);

  // Through the callback queue: first in line once the initial delay is over, behind the call
  // the agent is on.
  await untilState(page, 'callback-queued');
  // The agent's call ends; the agent takes the callback: the customer's phone rings.
  await hangUp(await callOnTheLine());
  await untilState(page, 'callback-calling');
  // The call ends.
  await hangUp(requested.contactId);
  await untilState(page, 'callback-done');
  assert.equal(await shadow(page, '.headline'), 'Your callback is complete. Thank you.');
  // One event per answer (the page's list starts again with the reload): in order, nothing skipped.
  const states = await page.evaluate(() => window.events.filter((e) => e.type === 'waitline:callback-state').map((e) => e.detail.state));
  const changes = states.filter((s, i) => s !== states[i - 1]);
  assert.deepEqual(changes.slice(changes.indexOf('queued')), ['queued', 'calling', 'done']);
  assert.deepEqual(errors, []);
  await page.close();
});
