// The demo page, served by the real proxy, follows a contact through the simulated queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { widgetText } from './support/browser.mjs';

// 4 agents on 3-minute calls at 15x: someone reaches an agent every ~3 s of real time, slow
// enough for the proxy's 5 s freshness target (2 s near the front) to show each step.
const env = withProxyAndBrowser(['--sim-time-scale', '15', '--sim-arrivals-per-minute', '0', '--sim-initial-queue', '8', '--sim-agents', '4']);

test('the demo page shows a position that falls until an agent is connecting', async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${env.proxy.url}/?poll-seconds=1`);

  const positions = [];
  let connecting = false;
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline) {
    const { headline, detail } = await widgetText(page);
    const position = headline?.match(/^You're (\d+)/)?.[1] ?? (headline === "You're next" ? '1' : null);
    if (position !== null) {
      assert.match(detail ?? '', /^Estimated wait: (about \d+ minutes?|less than a minute)/);
      if (positions.at(-1) !== Number(position)) positions.push(Number(position));
    }
    if (headline === 'An agent will be with you shortly') {
      connecting = true;
      break;
    }
    await page.waitForTimeout(250);
  }
  assert.ok(positions.length >= 3, `expected the position to fall in steps, saw ${positions.join(' → ')}`);
  assert.ok(positions[0] >= 5, `the contact joined behind the initial queue, saw ${positions[0]}`);
  for (let i = 1; i < positions.length; i++) {
    assert.ok(positions[i] < positions[i - 1], `position went up: ${positions.join(' → ')}`);
  }
  assert.ok(connecting, `never reached an agent; positions ${positions.join(' → ')}`);
  assert.deepEqual(errors, []);
});
