// Finds Chromium and chromedriver for the browser tests, installs them on Debian or Ubuntu when
// this user may (root, or passwordless sudo), or says how to install them.
import { existsSync } from 'node:fs';
import { output, run } from './run.mjs';

const CANDIDATES = {
  chrome: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
  driver: ['/usr/bin/chromedriver'],
};

function which(name) {
  return output('sh', ['-c', `command -v ${name}`])?.trim() || null;
}

/** Chromium and chromedriver, installed with apt first where they are missing and it can be. */
export async function ensureBrowser() {
  try {
    return findBrowser();
  } catch (missing) {
    const prefix = aptPrefix();
    if (prefix === null || process.env.CHROME_PATH || process.env.CHROMEDRIVER) throw missing;
    console.log('Chromium or chromedriver is missing: installing chromium and chromium-driver with apt…');
    const [command, ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
    const apt = (...args) => run(command, [...rest, ...args]);
    await apt('update', '-qq');
    await apt('install', '-y', '-qq', '--no-install-recommends', 'chromium', 'chromium-driver');
    return findBrowser();
  }
}

/**
 * What runs apt-get without a password prompt: nothing as root, `sudo -n` with passwordless sudo;
 * null when this machine has no apt-get or this user may not use it.
 */
function aptPrefix() {
  if (!which('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (output('sudo', ['-n', 'true']) !== null) return ['sudo', '-n'];
  return null;
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
