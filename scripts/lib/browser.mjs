// Finds Chromium and chromedriver for the browser tests, or says how to install them.
import { existsSync } from 'node:fs';
import { output } from './run.mjs';

const CANDIDATES = {
  chrome: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
  driver: ['/usr/bin/chromedriver'],
};

function which(name) {
  return output('sh', ['-c', `command -v ${name}`])?.trim() || null;
}

export function findBrowser() {
  const chrome = process.env.CHROME_PATH || CANDIDATES.chrome.find(existsSync) || which('chromium');
  const driver = process.env.CHROMEDRIVER || which('chromedriver') || CANDIDATES.driver.find(existsSync);
  const missing = [];
  if (!chrome || !existsSync(chrome)) missing.push(`Chromium${process.env.CHROME_PATH ? ` (CHROME_PATH=${process.env.CHROME_PATH} does not exist)` : ''}`);
  if (!driver || !existsSync(driver)) missing.push(`chromedriver${process.env.CHROMEDRIVER ? ` (CHROMEDRIVER=${process.env.CHROMEDRIVER} does not exist)` : ''}`);
  if (missing.length > 0) {
    throw new Error(
      `The browser tests need ${missing.join(' and ')}.\n` +
        '  Debian/Ubuntu: sudo apt-get install -y chromium chromium-driver\n' +
        '  Or point CHROME_PATH at a Chrome/Chromium binary and CHROMEDRIVER at the matching chromedriver.',
    );
  }
  return { chrome, driver };
}

/** Flags for headless Chromium on a locked-down machine (root in a container, no network). */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
