// The demo page, served by the real proxy, follows a contact through the simulated queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { positionIn, widgetText } from './support/browser.mjs';
import { SCRIPTED_QUEUE, hangUp, queueContact } from './support/contact-center.mjs';
import { startProxy } from './support/proxy.mjs';

// A scripted queue (support/contact-center.mjs), so every run takes the same steps: a random one
// once moved 9 → 5 → an agent inside one freshness window, and the falling position went unseen.
// The test queues contacts ahead of the page's, then hangs up one call at a time, so the queue
// moves one place each. Day-long calls make a wait of hours, for which the widget polls every
// 30 s, except near the front (position 3 and under), where it keeps its own pace: so the page's
// contact starts 3rd.
const env = withProxyAndBrowser([...SCRIPTED_QUEUE, '--sim-quota-rate', '50', '--sim-quota-burst', '50']);
const AHEAD = 2;

/** The position the demo page's widget shows (1 for "You're next"), or its headline when it shows none. */
async function shown(page) {
  const { headline, detail } = await widgetText(page);
  const position = positionIn(headline);
  if (position === undefined) return { headline };
  assert.match(detail ?? '', /^Estimated wait: (about \d+ minutes?|less than a minute|more than an hour)/);
  return { position };
}

/** Polls the page until `predicate` holds for what it shows, or fails saying what it saw. */
async function until(page, predicate, what, seen) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const now = await shown(page);
    if (now.position !== undefined && seen.at(-1) !== now.position) seen.push(now.position);
    if (predicate(now)) return;
    await page.waitForTimeout(250);
  }
  assert.fail(`never showed ${what}; positions ${seen.join(' → ')}`);
}

test('the demo page shows a position that falls until an agent is connecting', async () => {
  // The first contact goes straight to the free agent; the next AHEAD wait in front of the page's.
  const calls = [];
  for (let i = 0; i <= AHEAD; i++) calls.push((await queueContact(env.proxy)).contactId);

  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${env.proxy.url}/?poll-seconds=1`);

  const seen = [];
  await until(page, (now) => now.position === AHEAD + 1, `position ${AHEAD + 1}`, seen);
  for (const [i, call] of calls.entries()) {
    await hangUp(env.proxy, call);
    const next = AHEAD - i;
    if (next > 0) await until(page, (now) => now.position === next, `position ${next}`, seen);
  }
  await until(page, (now) => now.headline === 'An agent will be with you shortly', 'an agent connecting', seen);
  assert.deepEqual(seen, Array.from({ length: AHEAD + 1 }, (_, i) => AHEAD + 1 - i), 'the position falls one place per call ended, each step shown');
  assert.deepEqual(errors, []);
});

test('a contact still in its flow shows "Connecting you…", then its place once queued', async () => {
  // Contacts started through the proxy spend 60 simulated seconds (3 real ones at x20) in a flow
  // before they are queued; the one agent is busy with the first contact.
  const proxy = await startProxy([
    ...SCRIPTED_QUEUE, '--sim-flow-seconds', '60', '--sim-time-scale', '20', '--sim-quota-rate', '50', '--sim-quota-burst', '50',
  ]);
  try {
    await queueContact(proxy); // to the agent, once its own flow is done
    const page = await env.browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${proxy.url}/?poll-seconds=1`);
    const state = () =>
      page.evaluate(() => document.querySelector('waitline-status')?.shadowRoot?.querySelector('[part=container]')?.dataset.state);
    const deadline = (seconds) => Date.now() + seconds * 1000;
    let until = deadline(10);
    while ((await state()) !== 'in-flow' && Date.now() < until) await page.waitForTimeout(100);
    assert.equal(await state(), 'in-flow');
    assert.equal((await widgetText(page)).headline, 'Connecting you…');
    until = deadline(20);
    while ((await state()) === 'in-flow' && Date.now() < until) await page.waitForTimeout(250);
    assert.equal(await state(), 'in-queue', 'queued behind nobody but the agent’s call: 1st');
    assert.equal(positionIn((await widgetText(page)).headline), 1);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await proxy.stop();
  }
});
