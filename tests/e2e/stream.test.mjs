// Answers as a stream of Server-Sent Events, in Chromium: the shell reads the body with fetch as
// it comes (split anywhere, any line ends, comments), the widget follows every event without a
// poll, and falls back to polling when the stream ends, breaks, stalls, or is JSON after all.
// `window.fetch` is stubbed in the page (support/stream-stub.mjs), so the test writes every
// chunk and sees every request and abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { openStreamPage } from './support/stream-stub.mjs';

const env = withProxyAndBrowser();
const STREAM = 'text/event-stream, application/json;q=0.9';
const JSON_ONLY = 'application/json';

test("a stream's events show as they come, split anywhere, in any line ends, without a poll", async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream(['stream']);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await until(() => log.streams.length === 1);
    const stream = log.streams[0];
    const shown = [];
    const step = async (write, expected) => {
      write();
      shown.push((await until(() => headline(element) === expected)) ? expected : `not ${expected}: ${headline(element)}`);
    };
    // A comment first, then an event: LF line ends.
    await step(() => stream.push(`: welcome\n\n${sse(5, 300)}`), "You're 5th in line");
    // CR LF line ends, fields other than data, and an event split inside its JSON, then inside
    // the CR LF between its two data: lines (one line end, not a line end and a blank line),
    // then inside the CR LF of its blank line.
    const four = metricsText(4, 240);
    const cut4 = four.indexOf('[');
    await step(() => {
      stream.push(`event: metrics\r\nid: 7\r\nretry: 1000\r\ndata: ${four.slice(0, 8)}`);
      stream.push(`${four.slice(8, cut4)}\r`);
      stream.push(`\ndata: ${four.slice(cut4)}\r\n\r`);
      stream.push('\n');
    }, "You're 4th in line");
    // CR alone, and the data over two data: lines (joined with a line feed, where JSON allows
    // whitespace).
    const three = metricsText(3, 180);
    const cut = three.indexOf('[');
    await step(() => stream.push(`data:${three.slice(0, cut)}\rdata: ${three.slice(cut)}\r\r`), "You're 3rd in line");
    // A two-byte character split between chunks.
    const bytes = [...new TextEncoder().encode(`data: ${metricsText(2, 120).replace('"c-1"', '"c-é"')}\n\n`)];
    const at = bytes.indexOf(0xc3) + 1;
    await step(() => {
      stream.bytes(bytes.slice(0, at));
      stream.bytes(bytes.slice(at));
    }, "You're 2nd in line");
    // Keep-alive comments only: nothing changes, and no request is made.
    stream.push(': keep-alive\n\n');
    await sleep(2500);
    const result = { shown, calls: log.calls.map((c) => c.accept), aborted: stream.aborted, last: headline(element) };
    handle.destroy();
    result.abortedOnDestroy = stream.aborted;
    return result;
  });
  assert.deepEqual(seen.shown, ["You're 5th in line", "You're 4th in line", "You're 3rd in line", "You're 2nd in line"]);
  assert.deepEqual(seen.calls, [STREAM], 'one request, asking for a stream; no poll while it is open');
  assert.equal(seen.last, "You're 2nd in line");
  assert.equal(seen.aborted, false);
  assert.equal(seen.abortedOnDestroy, true, 'destroy() aborts the stream');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a stream that ends, or breaks, goes back to polling after the usual delay and asks for a stream again', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream(['stream', 'stream', [200, metricsText(6, 360)], 'stream']);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await until(() => log.streams.length === 1);
    log.streams[0].push(sse(8, 480));
    await until(() => headline(element) === "You're 8th in line");
    const ended = performance.now();
    log.streams[0].end();
    await until(() => log.streams.length === 2);
    const afterEnd = log.calls[1].at - ended;
    log.streams[1].push(sse(7, 420));
    await until(() => headline(element) === "You're 7th in line");
    const broke = performance.now();
    log.streams[1].fail();
    await until(() => log.calls.length === 3);
    const afterBreak = log.calls[2].at - broke;
    // The JSON answer is a poll; the request after it asks for a stream again.
    await until(() => log.calls.length === 4);
    const result = {
      accepts: log.calls.map((c) => c.accept),
      afterEnd,
      afterBreak,
      shown: headline(element),
      state: element.shadowRoot.querySelector('.container').dataset.state,
    };
    handle.destroy();
    return result;
  });
  assert.deepEqual(seen.accepts, [STREAM, STREAM, STREAM, STREAM]);
  // poll-seconds 1, far from the front: 0.8 s to 1.2 s.
  for (const gap of [seen.afterEnd, seen.afterBreak]) assert.ok(gap >= 700 && gap < 2000, `the usual delay, not at once: ${gap} ms`);
  assert.equal(seen.shown, "You're 6th in line");
  assert.equal(seen.state, 'in-queue', 'an ended stream is not a failure');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a stream that delivers no event within 5 s is aborted, and the widget polls for the rest of its mount', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream(['stream', [200, metricsText(5, 300)]]);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await until(() => log.streams.length === 1);
    const opened = performance.now();
    // Comments keep nothing alive before the first event: a buffering proxy passes them.
    const comments = setInterval(() => log.streams[0].push(': waiting\n\n'), 1000);
    await until(() => log.calls.length === 2, 8000);
    clearInterval(comments);
    const result = { givenUpAfter: log.calls[1].at - opened, aborted: log.streams[0].aborted };
    await until(() => headline(element) === "You're 5th in line");
    await until(() => log.calls.length === 4, 4000);
    result.accepts = log.calls.map((c) => c.accept);
    handle.destroy();
    return result;
  });
  assert.equal(seen.aborted, true);
  assert.ok(seen.givenUpAfter >= 4900 && seen.givenUpAfter < 7000, `given up after ${seen.givenUpAfter} ms`);
  assert.deepEqual(seen.accepts, [STREAM, JSON_ONLY, JSON_ONLY, JSON_ONLY], 'never asks for a stream again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a JSON answer is a poll, and every poll asks for a stream', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream([[200, metricsText(9, 540)]]);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await until(() => log.calls.length === 3);
    const result = { accepts: log.calls.map((c) => c.accept), shown: headline(element) };
    handle.destroy();
    return result;
  });
  assert.deepEqual(seen, { accepts: [STREAM, STREAM, STREAM], shown: "You're 9th in line" });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an event that ends the wait stops everything, the stream too', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream(['stream']);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await until(() => log.streams.length === 1);
    log.streams[0].push(sse(1, 20));
    await until(() => headline(element) === "You're next");
    log.streams[0].push('data: {"MetricResults":[],"ContactStage":"WITH_AGENT"}\n\n');
    await until(() => headline(element) === 'An agent will be with you shortly');
    await sleep(2000);
    const result = { aborted: log.streams[0].aborted, calls: log.calls.length, shown: headline(element) };
    handle.destroy();
    return result;
  });
  assert.deepEqual(seen, { aborted: true, calls: 1, shown: 'An agent will be with you shortly' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the stream stays open while the page is hidden; showing the page polls nothing', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream(['stream']);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', pollSeconds: 1 });
    await handle.ready;
    await until(() => log.streams.length === 1);
    log.streams[0].push(sse(6, 360));
    await until(() => headline(element) === "You're 6th in line");
    setHidden(true);
    await sleep(1500);
    log.streams[0].push(sse(5, 300));
    const whileHidden = await until(() => headline(element) === "You're 5th in line");
    setHidden(false);
    await sleep(1500);
    const result = { whileHidden, calls: log.calls.length, aborted: log.streams[0].aborted };
    handle.destroy();
    return result;
  });
  assert.deepEqual(seen, { whileHidden: true, calls: 1, aborted: false });
  assert.deepEqual(errors, []);
  await context.close();
});
