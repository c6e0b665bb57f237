// Nothing leaks: 1,000 mounts and removals, then 10,000 poll cycles (every other answer a
// stream of one event) against a fast local endpoint. Live timers and listeners return to their
// baseline, and the wasm heap stays flat.
// Prints its figures (WAITLINE_BENCH_JSON=path also writes them as JSON for `npm run bench`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { writeFileSync } from 'node:fs';
import { metrics } from './support/fake-endpoint.mjs';
import { openFixture } from './support/fixture.mjs';

const MOUNTS = 1000;
const WIDGETS = 100;
const CYCLES = 10_000;

// Counts live timers and listeners by wrapping the platform functions before any script runs.
const INSTRUMENT = () => {
  // Listeners on AbortSignals apart: a request in flight holds two (on its mount's signal and
  // its own), which come and go with it; a leak there grows with every poll all the same.
  const live = { timeouts: new Set(), intervals: new Set(), listeners: 0, signalListeners: 0 };
  window.__live = () => ({
    timeouts: live.timeouts.size,
    intervals: live.intervals.size,
    listeners: live.listeners,
    signalListeners: live.signalListeners,
  });
  const bucket = (target) => (target instanceof AbortSignal ? 'signalListeners' : 'listeners');
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, (...a) => {
      live.timeouts.delete(id);
      if (typeof fn === 'function') fn(...a);
    }, ms, ...args);
    live.timeouts.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    live.timeouts.delete(id);
    ct.call(window, id);
  };
  window.setInterval = function (fn, ms, ...args) {
    const id = si.call(window, fn, ms, ...args);
    live.intervals.add(id);
    return id;
  };
  window.clearInterval = (id) => {
    live.intervals.delete(id);
    ci.call(window, id);
  };
  const registered = new WeakMap();
  const key = (type, listener, options) => `${type}|${typeof options === 'boolean' ? options : !!options?.capture}`;
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  // A listener also goes as the platform removes it: when its `signal` aborts, and after its
  // first event when it was added `once` (both followed with the original addEventListener, so
  // the bookkeeping counts nothing of its own).
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const signal = typeof options === 'object' ? options?.signal : undefined;
    if (listener && !signal?.aborted) {
      let map = registered.get(this);
      if (!map) registered.set(this, (map = new Map()));
      const k = key(type, listener, options);
      const set = map.get(k) ?? new Set();
      if (!set.has(listener)) {
        set.add(listener);
        const counter = bucket(this);
        live[counter] += 1;
        const gone = () => {
          if (set.delete(listener)) live[counter] -= 1;
        };
        if (signal) add.call(signal, 'abort', gone, { once: true });
        if (typeof options === 'object' && options?.once) add.call(this, type, gone, { once: true, capture: !!options.capture });
      }
      map.set(k, set);
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const set = registered.get(this)?.get(key(type, listener, options));
    if (set?.delete(listener)) live[bucket(this)] -= 1;
    return remove.call(this, type, listener, options);
  };
};

const env = withProxyAndBrowser();

test(`${MOUNTS} mounts and ${CYCLES} poll cycles leave no timer, listener or memory behind`, { timeout: 600_000 }, async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(INSTRUMENT);
  const fixture = await openFixture(context, env.proxy.url, {});
  const { page } = fixture;
  let responses = 0;
  await page.route('**/api/**', (route) => {
    responses += 1;
    // Every other answer is a stream of one event that then ends, as from a proxy that closes
    // its streams at once: each is read, followed and released as a poll is.
    const body = JSON.stringify(metrics(10, 300));
    return route.fulfill(responses % 2 ? { contentType: 'application/json', body } : { contentType: 'text/event-stream', body: `data: ${body}\n\n` });
  });
  await fixture.open();
  await page.waitForFunction(() => customElements.get('waitline-status'));
  await page.evaluate(async () => {
    window.wasm = await import('/waitline/index.js');
    // initialize() hands back the instance's exports once loaded; the externref table and the
    // linear memory are among them.
    const exports = await window.wasm.initialize();
    window.externrefs = Object.values(exports).find((value) => value instanceof WebAssembly.Table);
    window.linearMemory = Object.values(exports).find((value) => value instanceof WebAssembly.Memory);
    document.querySelector('waitline-status').remove();
  });
  const memory = () => page.evaluate(() => window.linearMemory.buffer.byteLength);
  const table = () => page.evaluate(() => window.externrefs.length);
  // The JS heap after a full collection, so only what is still reachable counts.
  const cdp = await context.newCDPSession(page);
  // Collected twice, a moment apart: FinalizationRegistry callbacks (wasm-bindgen's closure
  // bookkeeping) run only after a collection, and free what the second one then reclaims.
  const heap = async () => {
    // The fixture logs every widget event in window.events (other tests read it): one entry
    // per poll, kept by the page, not the widget. Emptied so only the widget is measured.
    await page.evaluate(() => {
      if (Array.isArray(window.events)) window.events.length = 0;
    });
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(200);
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const sample = async () => ({ memory: await memory(), table: await table(), heap: await heap(), live: await live() });
  // The allowances. Wasm memory grows in 64 KiB pages: at most one once warm (the allocator
  // may extend its heap once as blocks settle; a leak of 8 bytes a poll would need two over
  // these 8,000 cycles). The externref table only grows when more JS objects are held at once:
  // not one slot. The JS heap keeps V8's caches (compiled code, feedback) that warm up with
  // use: 256 KiB, where a leak of one 40-byte object per poll would add 320 KB.
  const PAGE = 65_536;
  const HEAP_ALLOWANCE = 256 * 1024;
  const assertFlat = (before, after, what) => {
    assert.ok(after.memory - before.memory <= PAGE, `wasm memory grew ${after.memory - before.memory} B ${what}`);
    assert.ok(after.table - before.table <= 0, `externref table grew ${after.table - before.table} slots ${what}`);
    assert.ok(after.heap - before.heap <= HEAP_ALLOWANCE, `JS heap grew ${after.heap - before.heap} B ${what}`);
  };
  const live = () => page.evaluate(() => window.__live());
  const settle = () => page.waitForTimeout(300);

  await settle();
  const baseline = await live();

  // Mount, wait for the first answer, remove: MOUNTS times.
  const mountCycle = (count) =>
    page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) {
        const el = document.createElement('waitline-status');
        el.setAttribute('endpoint', '/api/{contactId}/metrics');
        el.setAttribute('contact-id', `c-${i}`);
        // Removed explicitly: a { once } listener leaves without removeEventListener, which
        // the instrumentation could not see.
        let onUpdate;
        const updated = new Promise((resolve) => el.addEventListener('waitline:update', (onUpdate = resolve)));
        document.body.append(el);
        await updated;
        el.removeEventListener('waitline:update', onUpdate);
        el.remove();
      }
    }, count);
  await mountCycle(100);
  await settle();
  const afterWarmup = await sample();
  // The bound a 64 KiB stack (.cargo/config.toml) keeps, where the default 1 MiB would not.
  assert.ok(afterWarmup.memory <= 256 * 1024, `wasm memory after mounting: ${afterWarmup.memory} B`);
  await mountCycle(MOUNTS - 100);
  await settle();
  const afterMounts = await sample();
  assert.deepEqual(afterMounts.live, baseline, 'timers and listeners back to baseline after removal');
  assertFlat(afterWarmup, afterMounts, `over ${MOUNTS - 100} mounts`);

  // WIDGETS widgets polling every second until CYCLES answers have been rendered.
  const start = responses;
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) {
      const el = document.createElement('waitline-status');
      el.className = 'poller';
      el.setAttribute('endpoint', '/api/{contactId}/metrics');
      el.setAttribute('contact-id', `p-${i}`);
      el.setAttribute('poll-seconds', '1');
      document.body.append(el);
    }
  }, WIDGETS);
  const until = async (count) => {
    while (responses - start < count) await page.waitForTimeout(200);
  };
  await until(CYCLES / 5);
  const early = await sample();
  await until(CYCLES);
  const late = await sample();
  assertFlat(early, late, `between ${CYCLES / 5} and ${CYCLES} cycles`);
  // Per widget: the poll timer (or a request's deadline), the countdown ticker, and its listeners.
  assert.ok(late.live.timeouts <= early.live.timeouts + WIDGETS, JSON.stringify({ early: early.live, late: late.live }));
  assert.equal(late.live.intervals, early.live.intervals);
  assert.equal(late.live.listeners, early.live.listeners);
  // Per widget at most its request in flight's two and its timers' (the poll's, the ticker's).
  assert.ok(late.live.signalListeners <= 4 * WIDGETS, JSON.stringify({ early: early.live, late: late.live }));

  await page.evaluate(() => document.querySelectorAll('.poller').forEach((el) => el.remove()));
  await settle();
  const end = await live();
  assert.deepEqual(end, baseline, 'everything released when the pollers are removed');

  const figures = {
    mounts: MOUNTS,
    pollCycles: responses - start,
    wasmMemoryBytes: { afterWarmup: afterWarmup.memory, afterMounts: afterMounts.memory, afterCyclesEarly: early.memory, afterCycles: late.memory },
    externrefTableSlots: { afterWarmup: afterWarmup.table, afterMounts: afterMounts.table, afterCyclesEarly: early.table, afterCycles: late.table },
    jsHeapBytesAfterGc: { afterWarmup: afterWarmup.heap, afterMounts: afterMounts.heap, afterCyclesEarly: early.heap, afterCycles: late.heap },
    liveWhilePolling: late.live,
    liveAtBaseline: baseline,
    liveAtEnd: end,
  };
  console.log(`memory figures: ${JSON.stringify(figures)}`);
  if (process.env.WAITLINE_BENCH_JSON) writeFileSync(process.env.WAITLINE_BENCH_JSON, JSON.stringify(figures, null, 2));
  await context.close();
});
