// Polling on a bad network: every fault the endpoint can throw, what the customer sees, and
// when the next request is made (timestamps recorded by the test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { widgetText } from './support/browser.mjs';
import { fakeEndpoint, metrics } from './support/fake-endpoint.mjs';
import { openFixture } from './support/fixture.mjs';

const BASE = { 'contact-id': 'c-1', endpoint: '/api/{contactId}/metrics', 'poll-seconds': 1 };
const env = withProxyAndBrowser();

async function scenario(answer, attributes = {}) {
  const context = await env.browser.newContext();
  const fixture = await openFixture(context, env.proxy.url, { ...BASE, ...attributes });
  const requests = await fakeEndpoint(fixture.page, '**/api/**', answer);
  await fixture.open();
  return { context, page: fixture.page, errors: fixture.errors, requests };
}

const waitFor = async (what, predicate, timeout = 10_000) => {
  const deadline = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const gaps = (requests) => requests.slice(1).map((r, i) => r.at - requests[i].at);
const STALE_FOUR = { headline: "You're 8th in line", detail: 'Estimated wait: about 10 minutes', note: 'Updating…' };

test('500s: the last values stay, marked updating, and retries back off with jitter', async () => {
  const { context, page, errors, requests } = await scenario((n) => (n === 0 ? { body: metrics(8, 600) } : { status: 500, body: { __type: 'InternalServiceException' } }));
  await waitFor('five requests', () => requests.length >= 5, 20_000);
  assert.deepEqual(await widgetText(page), STALE_FOUR);
  // Failure k waits a uniform draw up to 1 s × 2^(k-1) (full jitter), never under 1 s.
  const [, ...failures] = gaps(requests);
  failures.slice(0, 3).forEach((gap, k) => {
    assert.ok(gap >= 900 && gap <= 1000 * 2 ** (k + 1) + 400, `gap after failure ${k + 2}: ${gap} ms`);
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test('429 with Retry-After: the next request waits exactly that long', async () => {
  const { context, page, requests } = await scenario((n) =>
    n === 1 ? { status: 429, headers: { 'Retry-After': '3', 'x-amzn-ErrorType': 'ThrottlingException' }, body: {} } : { body: metrics(8, 600) },
  );
  await waitFor('three requests', () => requests.length >= 3, 10_000);
  const gap = requests[2].at - requests[1].at;
  assert.ok(gap >= 2900 && gap < 3700, `Retry-After: 3 gave a gap of ${gap} ms`);
  assert.equal((await widgetText(page)).note, null, 'recovered');
  await context.close();
});

test('Cache-Control: max-age holds the next request back', async () => {
  const { context, requests } = await scenario(() => ({ body: metrics(8, 600), headers: { 'Cache-Control': 'private, max-age=3' } }));
  await waitFor('two requests', () => requests.length >= 2, 10_000);
  const gap = requests[1].at - requests[0].at;
  assert.ok(gap >= 2900 && gap < 4000, `max-age=3 gave a gap of ${gap} ms`);
  await context.close();
});

test('a request that hangs past timeout-seconds is aborted; the customer sees the last values', async () => {
  const { context, page, requests } = await scenario((n) => (n === 1 ? new Promise(() => {}) : { body: metrics(8, 600) }), { 'timeout-seconds': 1 });
  await waitFor('the second request', () => requests.length >= 2);
  const hungAt = requests[1].at;
  await waitFor('the stale note', async () => (await widgetText(page)).note === 'Updating…', 5000);
  const staleAfter = Date.now() - hungAt;
  assert.ok(staleAfter >= 900 && staleAfter < 2500, `marked stale ${staleAfter} ms after the request`);
  const events = await page.evaluate(() => window.events.filter((e) => e.type === 'waitline:error').map((e) => e.detail));
  assert.deepEqual(events[0], { code: 'Timeout', message: 'request timed out', retrying: true });
  await waitFor('a retry', () => requests.length >= 3, 5000);
  await context.close();
});

test('garbage bodies and impossible numbers are one failed poll each, never shown', async () => {
  const bodies = [metrics(8, 600), 'not json', { MetricResults: 'wrong' }, metrics(-3, 600), metrics(5, 1e12), metrics(7, 540)];
  const { context, page, errors, requests } = await scenario((n) => ({ body: bodies[Math.min(n, bodies.length - 1)] }));
  await waitFor('the good answer after the garbage', async () => (await widgetText(page)).headline === "You're 7th in line", 30_000);
  const codes = await page.evaluate(() => window.events.filter((e) => e.type === 'waitline:error').map((e) => e.detail.code));
  assert.deepEqual(codes, ['InvalidResponse', 'InvalidResponse', 'InvalidResponse', 'InvalidResponse']);
  const shown = await page.evaluate(() => window.events.filter((e) => e.type === 'waitline:update').map((e) => e.detail.position));
  assert.ok(shown.every((p) => p === 8 || p === 7), `only real positions were shown: ${shown}`);
  assert.ok(requests.length >= 6);
  assert.deepEqual(errors, []);
  await context.close();
});

test('offline pauses polling; back online polls at once', async () => {
  const { context, page, requests } = await scenario(() => ({ body: metrics(8, 600) }));
  await waitFor('first answer', async () => (await widgetText(page)).headline === "You're 8th in line");
  await context.setOffline(true);
  const pausedAt = requests.length;
  const attempts = await page.evaluate(() => window.fetchCalls);
  await page.waitForTimeout(3000);
  assert.equal(requests.length, pausedAt, 'no request while offline');
  assert.equal(await page.evaluate(() => window.fetchCalls), attempts, 'not even an attempt while offline');
  const online = Date.now();
  await context.setOffline(false);
  await waitFor('a poll on reconnect', () => requests.length > pausedAt, 2000);
  assert.ok(requests.at(-1).at - online < 700, 'polled at once');
  await context.close();
});

test('a hidden page does not poll; showing it polls at once', async () => {
  const { context, page, requests } = await scenario(() => ({ body: metrics(8, 600) }));
  await waitFor('first answer', async () => (await widgetText(page)).headline === "You're 8th in line");
  const setHidden = (hidden) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  const hiddenAt = requests.length;
  const attempts = await page.evaluate(() => window.fetchCalls);
  await page.waitForTimeout(3000);
  assert.equal(requests.length, hiddenAt, 'no request while hidden');
  assert.equal(await page.evaluate(() => window.fetchCalls), attempts, 'not even an attempt while hidden');
  const shown = Date.now();
  await setHidden(false);
  await waitFor('a poll when shown', () => requests.length > hiddenAt, 2000);
  assert.ok(requests.at(-1).at - shown < 700, 'polled at once');
  await context.close();
});

test('404 before ever being queued is retried a few times, then an error', async () => {
  const notFound = { status: 404, headers: { 'x-amzn-ErrorType': 'ResourceNotFoundException' }, body: {} };
  const { context, page, requests } = await scenario(() => notFound);
  await waitFor('the error state', async () => (await widgetText(page)).headline === "We can't show your place in the queue right now", 20_000);
  assert.equal(requests.length, 4, 'three retries, then it stops');
  await page.waitForTimeout(1500);
  assert.equal(requests.length, 4);
  await context.close();
});
