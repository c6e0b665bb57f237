// A page on the proxy's origin holding one widget, served under a strict Content-Security-Policy
// (no inline script or style; wasm compilation allowed), with every widget event recorded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'";

const EVENTS = ['update', 'offer', 'callback', 'self-service', 'connecting', 'error'];

const script = `
  import '/waitline/index.js';
  // Counts every fetch the widget attempts, including ones the network would refuse.
  window.fetchCalls = 0;
  const realFetch = window.fetch.bind(window);
  window.fetch = (...args) => {
    window.fetchCalls += 1;
    return realFetch(...args);
  };
  window.events = [];
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  for (const name of ${JSON.stringify(EVENTS)}) {
    document.addEventListener('waitline:' + name, (event) => {
      window.events.push({ type: event.type, detail: event.detail });
      if (window.preventOffers && (name === 'callback' || name === 'self-service')) event.preventDefault();
    });
  }
`;

/** Opens `${base}/fixture.html` with a widget carrying `attributes` (an object). */
export async function openFixture(context, base, attributes, { lang = 'en' } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Chromium logs every 4xx/5xx answer; those are the test's own faults, not widget errors.
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
  const attrs = Object.entries(attributes)
    .map(([name, value]) => `${name}="${String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`)
    .join(' ');
  await page.route(`${base}/fixture.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': CSP },
      body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>fixture</title>
        <link rel="stylesheet" href="/fixture.css"><script type="module" src="/fixture.js"></script></head>
        <body><main><h1>Support</h1><waitline-status ${attrs}></waitline-status></main></body></html>`,
    }),
  );
  await page.route(`${base}/fixture.css`, (route) => route.fulfill({ contentType: 'text/css', body: 'body { font-family: system-ui, sans-serif; }' }));
  await page.route(`${base}/fixture.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  await page.route(`${base}/axe.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: AXE }));
  return { page, errors, open: () => page.goto(`${base}/fixture.html`) };
}

/** axe-core's WCAG 2.x A/AA violations on the page, as `rule: targets` strings. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: '/axe.js' });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/** The widget's live region text, what a screen reader hears. */
export const liveText = (page) => page.$eval('waitline-status', (el) => el.shadowRoot.querySelector('[role=status]').textContent);
