// For a customer who is not looking, both opt-in: the place in the page's title while it is
// hidden (title-position), and "Notify me when I'm next" (notify-next), in Chromium, fed by a
// stream the test writes (support/stream-stub.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withProxyAndBrowser } from './support/harness.mjs';
import { openStreamPage } from './support/stream-stub.mjs';

const env = withProxyAndBrowser();

test('the title shows the place only while the page is hidden, and comes back', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const titles = await page.evaluate(async () => {
    const log = stubStream(['stream']);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', titlePosition: true });
    await handle.ready;
    await until(() => log.streams.length === 1);
    const stream = log.streams[0];
    const seen = [];
    stream.push(sse(5, 300));
    await until(() => headline(element) === "You're 5th in line");
    seen.push(document.title);
    setHidden(true);
    seen.push(document.title);
    stream.push(sse(4, 240));
    await until(() => document.title.startsWith('(4th)'));
    seen.push(document.title);
    setHidden(false);
    seen.push(document.title);
    setHidden(true);
    seen.push(document.title);
    // The page changes its own title while hidden: that one is kept, and comes back.
    document.title = 'Support — 1 new message';
    stream.push(sse(3, 180));
    await until(() => document.title.startsWith('(3rd)'));
    seen.push(document.title);
    setHidden(false);
    seen.push(document.title);
    // The wait ends while hidden: the page's own title back.
    setHidden(true);
    stream.push('data: {"MetricResults":[]}\n\n');
    await until(() => headline(element) === 'An agent will be with you shortly');
    seen.push(document.title);
    handle.destroy();
    setHidden(false);
    return seen;
  });
  assert.deepEqual(titles, [
    'Support — Example',
    '(5th) Support — Example',
    '(4th) Support — Example',
    'Support — Example',
    '(4th) Support — Example',
    '(3rd) Support — 1 new message',
    'Support — 1 new message',
    'Support — 1 new message',
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without title-position the title is left alone; with two widgets the first to show a place owns it', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  const seen = await page.evaluate(async () => {
    const log = stubStream(['stream']);
    const plain = host();
    const first = host();
    const second = host();
    const handles = [
      waitline.mount(plain, { contactId: 'c-0' }),
      waitline.mount(first, { contactId: 'c-1', titlePosition: true }),
      waitline.mount(second, { contactId: 'c-2', titlePosition: true }),
    ];
    await Promise.all(handles.map((h) => h.ready));
    await until(() => log.streams.length === 3);
    log.streams[0].push(sse(2, 60));
    log.streams[1].push(sse(7, 420));
    log.streams[2].push(sse(9, 540));
    await until(() => headline(second) === "You're 9th in line");
    setHidden(true);
    const titles = [document.title];
    log.streams[2].push(sse(8, 480));
    await until(() => headline(second) === "You're 8th in line");
    titles.push(document.title);
    // The owner goes: the page's title back, and the other widget takes it at its next event.
    handles[1].destroy();
    titles.push(document.title);
    log.streams[2].push(sse(7, 420));
    await until(() => document.title.startsWith('(7th)'));
    titles.push(document.title);
    handles[2].destroy();
    titles.push(document.title);
    handles[0].destroy();
    setHidden(false);
    return titles;
  });
  assert.deepEqual(seen, ['(7th) Support — Example', '(7th) Support — Example', 'Support — Example', '(7th) Support — Example', 'Support — Example']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a right-to-left language puts its own short form in the title', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url, { title: 'الدعم', lang: 'ar' });
  const title = await page.evaluate(async () => {
    const log = stubStream(['stream']);
    const element = host();
    const handle = waitline.mount(element, { contactId: 'c-1', titlePosition: true });
    await handle.ready;
    await until(() => log.streams.length === 1);
    setHidden(true);
    log.streams[0].push(sse(4, 240));
    await until(() => document.title !== 'الدعم');
    const shown = document.title;
    handle.destroy();
    setHidden(false);
    return { shown, after: document.title };
  });
  const four = new Intl.NumberFormat('ar').format(4);
  assert.deepEqual(title, { shown: `(ترتيبك ${four}) الدعم`, after: 'الدعم' });
  assert.deepEqual(errors, []);
  await context.close();
});

// Records every notification the widget makes and every permission request, around the
// browser's own Notification.
const RECORD = () => {
  window.notices = [];
  window.asked = 0;
  const Browser = window.Notification;
  window.Notification = class extends Browser {
    constructor(title, options) {
      window.notices.push({ title, body: options.body, lang: options.lang });
      super(title, options);
      window.lastNotice = this;
    }
    static requestPermission() {
      window.asked += 1;
      return window.answer ? Promise.resolve(window.answer) : Browser.requestPermission();
    }
  };
};

// The notify button's text while it is shown, else null.
const button = (page) =>
  page.evaluate(() => {
    const node = element.shadowRoot.querySelector('[part~=notify]');
    return node && !node.closest('[hidden]') ? node.textContent : null;
  });

// Mounts a widget with `options` on a stream whose first event puts it 3rd; leaves `window.log`,
// `window.element`, `window.events` (its waitline:notify events) and `window.handle`.
const mount3rd = (page, options) =>
  page.evaluate(async (options) => {
    window.log = stubStream(['stream']);
    window.element = host();
    window.events = [];
    element.addEventListener('waitline:notify', (event) => {
      events.push(event.type);
      if (window.cancelNotify) event.preventDefault();
    });
    window.handle = waitline.mount(element, { contactId: 'c-1', ...options });
    await handle.ready;
    await until(() => log.streams.length === 1);
    log.streams[0].push(sse(3, 180));
    await until(() => headline(element) === "You're 3rd in line");
  }, options);

const clickNotify = (page) =>
  page.evaluate(async () => {
    element.shadowRoot.querySelector('button[part~=notify]').click();
    await sleep(200);
  });

test('notify-next: asked on the click only; once granted, one notification when next while hidden', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url, { contextOptions: { permissions: ['notifications'] } });
  await page.evaluate(RECORD);
  await mount3rd(page, { notifyNext: true, titlePosition: true });
  assert.deepEqual(await page.evaluate(() => ({ asked, events })), { asked: 0, events: [] }, 'nothing asked on load');
  assert.equal(await button(page), "Notify me when I'm next");
  // By keyboard, as any button.
  await page.evaluate(() => element.shadowRoot.querySelector('button[part~=notify]').focus());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => element.shadowRoot.querySelector('[part~=notify-offer]').hidden);
  const clicked = await page.evaluate(() => ({ asked, events, focused: element.shadowRoot.activeElement?.className }));
  assert.deepEqual(clicked, { asked: 1, events: ['waitline:notify'], focused: 'headline' }, 'granted: the button goes, focus to the news');
  const notices = await page.evaluate(async () => {
    const stream = log.streams[0];
    stream.push(sse(2, 120));
    await until(() => headline(element) === "You're 2nd in line");
    setHidden(true);
    stream.push(sse(1, 60));
    await until(() => headline(element) === "You're next");
    await until(() => notices.length > 0, 1000);
    // Back to second and next again: one notification per wait.
    stream.push(sse(2, 120));
    await until(() => headline(element) === "You're 2nd in line");
    stream.push(sse(1, 60));
    await until(() => headline(element) === "You're next");
    await sleep(300);
    // Clicking it brings the page back.
    let focused = false;
    window.focus = () => (focused = true);
    lastNotice?.onclick();
    handle.destroy();
    setHidden(false);
    return { notices, focused, title: document.title };
  });
  assert.deepEqual(notices, {
    notices: [{ title: 'Support — Example', body: "You're next", lang: 'en' }],
    focused: true,
    title: 'Support — Example',
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test('notify-next: next while the page is shown needs no notification; without the option, no button', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url, { contextOptions: { permissions: ['notifications'] } });
  await page.evaluate(RECORD);
  await mount3rd(page, {});
  assert.equal(await button(page), null);
  await page.evaluate(() => handle.destroy());
  await mount3rd(page, { notifyNext: true });
  await clickNotify(page);
  const seen = await page.evaluate(async () => {
    log.streams[0].push(sse(1, 60));
    await until(() => headline(element) === "You're next");
    await sleep(300);
    handle.destroy();
    return notices.length;
  });
  assert.equal(seen, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('notify-next: denied takes the button away for good; dismissed keeps it; a cancelled event asks nothing', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  await page.evaluate(RECORD);
  await mount3rd(page, { notifyNext: true });
  assert.equal(await page.evaluate(() => Notification.permission), 'default');
  // The page cancels the event: nothing is asked.
  await page.evaluate(() => (window.cancelNotify = true));
  await clickNotify(page);
  assert.deepEqual(await page.evaluate(() => ({ asked, events })), { asked: 0, events: ['waitline:notify'] });
  await page.evaluate(() => (window.cancelNotify = false));
  // Dismissed: the button stays, to be asked again.
  await page.evaluate(() => (window.answer = 'default'));
  await clickNotify(page);
  assert.equal(await button(page), "Notify me when I'm next");
  // Denied: gone for good, and nothing said when next.
  await page.evaluate(() => (window.answer = 'denied'));
  await clickNotify(page);
  assert.equal(await button(page), null);
  const after = await page.evaluate(async () => {
    setHidden(true);
    log.streams[0].push(sse(4, 240));
    await until(() => headline(element) === "You're 4th in line");
    log.streams[0].push(sse(1, 60));
    await until(() => headline(element) === "You're next");
    await sleep(300);
    const result = { asked, notices: notices.length };
    handle.destroy();
    setHidden(false);
    return result;
  });
  assert.deepEqual(after, { asked: 2, notices: 0 });
  assert.equal(await button(page), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('notify-next: a browser that has denied notifications, or has none, shows no button', async () => {
  const { context, page, errors } = await openStreamPage(env.browser, env.proxy.url);
  await page.evaluate(RECORD);
  await page.evaluate(() => Object.defineProperty(Notification, 'permission', { get: () => 'denied' }));
  await mount3rd(page, { notifyNext: true });
  assert.equal(await button(page), null);
  await page.evaluate(() => {
    handle.destroy();
    delete window.Notification;
  });
  await mount3rd(page, { notifyNext: true });
  assert.equal(await button(page), null);
  await page.evaluate(() => handle.destroy());
  assert.deepEqual(errors, []);
  await context.close();
});
