// Headless Chromium through playwright-core, using the system's browser (never a download).
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findBrowser } from '../../../scripts/lib/browser.mjs';

export async function launch() {
  const { chrome } = findBrowser();
  return chromium.launch({ executablePath: chrome, args: CHROME_ARGS });
}

/** The widget's rendered text, read through its open shadow root. */
export function widgetText(page, selector = 'waitline-status') {
  return page.$eval(selector, (el) => ({
    headline: el.shadowRoot?.querySelector('.headline')?.textContent ?? null,
    detail: el.shadowRoot?.querySelector('.detail')?.hidden ? null : (el.shadowRoot?.querySelector('.detail')?.textContent ?? null),
  }));
}
