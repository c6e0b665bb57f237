// A page with the package loaded and `window.fetch` stubbed by the test, which answers each
// request with JSON or with a stream of Server-Sent Events it writes chunk by chunk
// (Playwright's route.fulfill sends a body at once, so cannot stream). Each request is
// recorded with when it was made and what it accepts.

/** In the page: `stubStream(plans)` answers the n-th request with `plans[n]` (the last one
 * repeats): `'stream'` (a 200 text/event-stream the test writes through `log.streams[i]`:
 * `push(text)`, `bytes(array)`, `end()`, `fail()`; `aborted` once the widget aborted it) or
 * `[status, body]` (JSON). */
function install() {
  const encoder = new TextEncoder();
  window.stubStream = (plans) => {
    const log = { calls: [], streams: [] };
    window.fetch = (request) => {
      const plan = plans[Math.min(log.calls.length, plans.length - 1)];
      log.calls.push({ at: performance.now(), accept: request.headers.get('accept'), url: request.url });
      if (plan !== 'stream') {
        return Promise.resolve(new Response(plan[1], { status: plan[0], headers: { 'content-type': 'application/json' } }));
      }
      let writer;
      const body = new ReadableStream({ start: (controller) => (writer = controller) });
      const stream = {
        aborted: false,
        // Writing to an aborted request's body does nothing, as for a server whose client left.
        push: (text) => stream.aborted || writer.enqueue(encoder.encode(text)),
        bytes: (array) => stream.aborted || writer.enqueue(new Uint8Array(array)),
        end: () => writer.close(),
        fail: () => writer.error(new TypeError('network error')),
      };
      // As a real fetch does: aborting the request errors its body.
      request.signal.addEventListener('abort', () => {
        stream.aborted = true;
        try {
          writer.error(new DOMException('aborted', 'AbortError'));
        } catch {}
      });
      log.streams.push(stream);
      return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } }));
    };
    return log;
  };
  // GetContactMetrics' answer for a position and wait, as JSON text.
  window.metricsText = (position, ewt) =>
    JSON.stringify({
      MetricResults: [
        { Name: 'POSITION_IN_QUEUE', Value: { Number: position } },
        { Name: 'ESTIMATED_WAIT_TIME', Value: { Number: ewt } },
      ],
      Id: 'c-1',
    });
  window.sse = (position, ewt) => `data: ${window.metricsText(position, ewt)}\n\n`;
  window.host = () => document.body.appendChild(document.createElement('div'));
  window.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  window.headline = (host) => host.shadowRoot.querySelector('.headline').textContent;
  // Waits up to `ms` for `predicate()`; returns whether it came true.
  window.until = async (predicate, ms = 3000) => {
    const started = performance.now();
    while (!predicate()) {
      if (performance.now() - started > ms) return false;
      await window.sleep(20);
    }
    return true;
  };
  // Hides or shows the page as a switch of tabs does.
  window.setHidden = (hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

/** A blank page on `base` (the proxy's origin) titled `title`, the package loaded and the
 * helpers above installed; `contextOptions` for a context of its own (permissions). */
export async function openStreamPage(browser, base, { title = 'Support — Example', lang = 'en', contextOptions = {} } = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${base}/stream.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body></body></html>` }),
  );
  await page.goto(`${base}/stream.html`);
  await page.evaluate(async () => {
    window.waitline = await import('/waitline/index.js');
    await window.waitline.initialize(); // the .wasm is fetched before fetch is stubbed
  });
  await page.evaluate(install);
  return { context, page, errors };
}
