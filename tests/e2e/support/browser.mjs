// Headless Chromium through playwright-core, using the system's browser (never a download).
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findBrowser } from '../../../scripts/lib/browser.mjs';

export async function launch() {
  const { chrome } = findBrowser();
  return chromium.launch({ executablePath: chrome, args: CHROME_ARGS });
}

/** The widget's rendered text, read through its open shadow root. */
export function widgetText(page, selector = 'waitline-status') {
  return page.$eval(selector, (el) => {
    const text = (part) => {
      const node = el.shadowRoot?.querySelector(`[part~="${part}"]`);
      return node && !node.hidden ? node.textContent : null;
    };
    return { headline: text('headline'), detail: text('detail'), note: text('note') };
  });
}

/** The place in the queue an English headline shows ("You're 3rd in line": 3, "You're next":
 * 1), or undefined when it shows none (loading, connecting, no headline). */
export function positionIn(headline) {
  const n = headline?.match(/^You're (\d+)/)?.[1] ?? (headline === "You're next" ? '1' : undefined);
  return n === undefined ? undefined : Number(n);
}
