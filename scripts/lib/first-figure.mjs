// How soon a customer sees their place: fresh page loads of <waitline-status> and of the
// plain-JavaScript yardstick (<plain-wait>, shared/reference/peer/plain-wait.js, minified with the
// same minifier), and <waitline-status> with the README's preload hint, in rotation, served gzip -9 from one local server with a metrics endpoint, on
// loopback and on Lighthouse's mobile profile (150 ms RTT, 1.6 Mbit/s down, CPU ×4, emulated
// through Chromium's DevTools protocol). Prints median, minimum and maximum, and waitline's split.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from './browser.mjs';
import { dist, root } from './paths.mjs';

const LOADS = Number(process.env.FIRST_FIGURE_LOADS ?? 20);
export const PLAIN_SOURCE = path.resolve(root, '..', 'shared', 'reference', 'peer', 'plain-wait.js');

const PROFILES = {
  loopback: null,
  mobile: {
    network: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
    cpu: 4,
  },
};

const METRICS = JSON.stringify({
  MetricResults: [
    { Name: 'POSITION_IN_QUEUE', Value: { Number: 5 } },
    { Name: 'ESTIMATED_WAIT_TIME', Value: { Number: 280 } },
  ],
});

const page = (script, tag, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first figure</title>
<script type="module" src="${script}"></script>${head}</head>
<body><${tag} contact-id="c-1"></${tag}></body></html>`;

// The README's recommended embed: the wasm starts downloading with the page, not after the module.
const PRELOAD = '<link rel="preload" href="/waitline/waitline_wasm_bg.wasm" as="fetch" type="application/wasm" crossorigin>';
const KINDS = ['waitline', 'waitline-preload', 'plain'];
const LABELS = { waitline: 'waitline', 'waitline-preload': 'waitline, preload', plain: 'plain JS' };

// Records, in the page, when the element's shadow root first shows a position ("5th"), and
// when the wasm is ready: the first WebAssembly compile or instantiate to settle (the package
// compiles, then instantiates synchronously at once). No change to what is shipped.
const PROBE = () => {
  window.__figure = { shown: null, instantiated: null };
  for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (!original) continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        window.__figure.instantiated ??= performance.now();
        return result;
      });
    };
  }
  const watch = () => {
    const host = document.querySelector('waitline-status, plain-wait');
    const shadow = host?.shadowRoot;
    if (!shadow) return requestAnimationFrame(watch);
    const check = () => {
      if (window.__figure.shown === null && /5/.test(shadow.textContent)) window.__figure.shown = performance.now();
    };
    new MutationObserver(check).observe(shadow, { subtree: true, childList: true, characterData: true });
    check();
  };
  requestAnimationFrame(watch);
};

async function minifiedPlain() {
  const { rolldown } = await import('rolldown');
  const build = await rolldown({ input: PLAIN_SOURCE, logLevel: 'silent' });
  const { output } = await build.generate({ format: 'esm', minify: true });
  await build.close();
  return Buffer.from(output[0].code);
}

async function serve(files) {
  const gz = new Map([...files].map(([name, [type, body]]) => [name, [type, gzipSync(body, { level: 9 })]]));
  const server = createServer((request, response) => {
    const pathname = new URL(request.url, 'http://x').pathname;
    if (pathname.startsWith('/v1/contacts/')) {
      return response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(METRICS);
    }
    const file = gz.get(pathname);
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file[0], 'content-encoding': 'gzip', 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function load(browser, url, profile) {
  const context = await browser.newContext();
  await context.addInitScript(PROBE);
  const tab = await context.newPage();
  if (profile) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', profile.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  await tab.goto(url);
  await tab.waitForFunction(() => window.__figure.shown !== null, null, { timeout: 30_000 });
  const result = await tab.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    const find = (test) => entries.find((e) => test(new URL(e.name).pathname));
    const module = find((p) => p.endsWith('.js'));
    const wasm = find((p) => p.endsWith('.wasm'));
    const metrics = find((p) => p.startsWith('/v1/'));
    return {
      shown: window.__figure.shown,
      moduleLoaded: module?.responseEnd ?? null,
      wasmLoaded: wasm?.responseEnd ?? null,
      instantiated: window.__figure.instantiated,
      requestStart: metrics?.startTime ?? null,
      requestEnd: metrics?.responseEnd ?? null,
    };
  });
  await context.close();
  return result;
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
};
const ms = (n) => (n === null || n === undefined ? '   –' : `${n.toFixed(0).padStart(5)} ms`);

/** Runs the comparison; returns the figures it printed. */
export async function firstFigureBench(chrome) {
  if (!existsSync(PLAIN_SOURCE)) throw new Error(`the plain-JavaScript yardstick is missing: ${PLAIN_SOURCE}`);
  const files = new Map([
    ['/waitline.html', ['text/html', Buffer.from(page('/waitline/index.js', 'waitline-status'))]],
    ['/waitline-preload.html', ['text/html', Buffer.from(page('/waitline/index.js', 'waitline-status', PRELOAD))]],
    ['/plain.html', ['text/html', Buffer.from(page('/plain/plain-wait.js', 'plain-wait'))]],
    ['/waitline/index.js', ['text/javascript', readFileSync(path.join(dist, 'index.js'))]],
    ['/waitline/waitline_wasm_bg.wasm', ['application/wasm', readFileSync(path.join(dist, 'waitline_wasm_bg.wasm'))]],
    // The page is in English, whose words come in a pack like every language's.
    ['/waitline/locales/en.js', ['text/javascript', readFileSync(path.join(dist, 'locales', 'en.js'))]],
    ['/plain/plain-wait.js', ['text/javascript', await minifiedPlain()]],
  ]);
  const shipped = (prefix) =>
    [...files].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, [, body]]) => sum + gzipSync(body, { level: 9 }).length, 0);
  console.log(`\nFirst figure on screen, ${LOADS} fresh page loads each, in rotation (gzip -9: waitline ${shipped('/waitline/')} B, plain ${shipped('/plain/')} B)`);
  const server = await serve(files);
  const browser = await chromium.launch({ executablePath: chrome, args: CHROME_ARGS });
  const figures = {};
  try {
    for (const [name, profile] of Object.entries(PROFILES)) {
      const runs = Object.fromEntries(KINDS.map((kind) => [kind, []]));
      for (let i = 0; i < LOADS; i++) {
        // Each round in a rotated order, so no kind always goes first.
        for (let k = 0; k < KINDS.length; k++) {
          const kind = KINDS[(i + k) % KINDS.length];
          runs[kind].push(await load(browser, `${server.url}/${kind}.html`, profile));
        }
      }
      const shown = Object.fromEntries(KINDS.map((kind) => [kind, stats(runs[kind].map((r) => r.shown))]));
      console.log(`\n  ${name}${profile ? ' (150 ms RTT, 1.6 Mbit/s, CPU ×4)' : ''}`);
      for (const kind of KINDS) {
        const { median, min, max } = shown[kind];
        const ratio = kind === 'plain' ? '' : `  ${(median / shown.plain.median).toFixed(2)}× plain`;
        console.log(`    ${LABELS[kind].padEnd(17)} median ${ms(median)}  min ${ms(min)}  max ${ms(max)}${ratio}`);
      }
      for (const kind of ['waitline', 'waitline-preload']) {
        const split = (key) => stats(runs[kind].map((r) => r[key]).filter((v) => v !== null)).median;
        console.log(
          `    ${LABELS[kind]} split (medians from navigation): module loaded ${ms(split('moduleLoaded'))}, wasm loaded ${ms(split('wasmLoaded'))},` +
            ` wasm ready ${ms(split('instantiated'))}, first request ${ms(split('requestStart'))} → ${ms(split('requestEnd'))}, first figure ${ms(shown[kind].median)}`,
        );
      }
      figures[name] = shown;
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}
