// The real proxy and a headless Chromium for one test file, started before its tests and
// stopped after them.
import { after, before } from 'node:test';
import { launch } from './browser.mjs';
import { startProxy } from './proxy.mjs';

/** Returns `{ proxy, browser }`, filled in once the file's `before` hook has run. */
export function withProxyAndBrowser(proxyArgs = []) {
  const env = { proxy: null, browser: null };
  before(async () => {
    env.proxy = await startProxy(proxyArgs);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.proxy?.stop();
  });
  return env;
}
