// waitline in a chat window (waitline/chat), end to end in Chromium: the demo chat page, served by
// the real proxy, starts a chat through POST /v1/chats and talks to the simulated agent with the
// unmodified amazon-connect-chatjs from npm; attachToChatSession shows the chat's place in the
// queue above the transcript until the agent joins, after a reload too, and goes when the chat
// ends. attachToHostedWidget runs against a stand-in `amazon_connect` that follows the hosted
// communications widget's documented API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cargoTargetDir } from '../../scripts/lib/paths.mjs';
import { launch, positionIn, widgetText } from './support/browser.mjs';
import { axeViolations } from './support/fixture.mjs';
import { startProxy } from './support/proxy.mjs';
import { SCRIPTED_QUEUE, hangUp, queueContact } from './support/contact-center.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = path.join(cargoTargetDir(), 'screenshots');
// Every test here scripts its queue (support/contact-center.mjs): nothing moves but the test, so
// every run takes the same steps. A random queue can move several places inside one freshness
// window, and the steps go unseen.
const SCRIPTED = [...SCRIPTED_QUEUE, '--sim-time-scale', '15'];
const WIDGET = '.chat #wait waitline-status';

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

/** Resolves with the first value `probe` returns that is not undefined, polling every 200 ms. */
async function until(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A page at 320 px wide that can load axe-core (fixture.mjs's axeViolations asks for /axe.js). */
async function narrowPage(base) {
  const page = await browser.newPage({ viewport: { width: 320, height: 720 } });
  await page.route(`${base}/axe.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: AXE }));
  return page;
}

/** The position the widget shows, or undefined (no widget, loading, connecting). */
async function position(page, selector = WIDGET) {
  if ((await page.locator(selector).count()) !== 1) return undefined;
  // It may go between the count and the read: the agent joined.
  const { headline } = await widgetText(page, selector).catch(() => ({}));
  return positionIn(headline);
}

async function chatPage(proxy) {
  const page = await narrowPage(proxy.url);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
  const subscribed = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (JSON.parse(String(payload)).content?.status === 'success') subscribed.push(socket.url());
    }),
  );
  await page.goto(`${proxy.url}/chat.html?poll-seconds=1`);
  return { page, errors, subscribed };
}

const lines = (page, selector = '.line') => page.$$eval(`#transcript ${selector}`, (nodes) => nodes.map((n) => n.textContent));

test('the demo chat page: waitline counts down above the transcript until the agent joins, through a reload while waiting', async () => {
  // The test hangs up one call at a time. The chat starts 3rd: near the front, where the widget
  // keeps its own pace however long the day-long calls make the wait.
  const proxy = await startProxy(SCRIPTED);
  try {
    const calls = [];
    for (let i = 0; i < 3; i += 1) calls.push((await queueContact(proxy)).contactId); // the first is on the line
    const { page, errors, subscribed } = await chatPage(proxy);
    // The two demo pages link to each other.
    assert.equal(await page.getAttribute('header nav a[href="/"]', 'href'), '/');
    await page.click('#start button');
    await until('the WebSocket subscription', () => subscribed[0]);
    assert.match(subscribed[0], /^ws:\/\/127\.0\.0\.1:\d+\/participant\/websocket\?AuthToken=/);

    const positions = [await until('a position in the chat window', () => position(page))];
    // Compact, inside the chat window, above the transcript.
    assert.equal(await page.getAttribute(WIDGET, 'layout'), 'compact');
    assert.equal(
      await page.$eval('#wait', (wait) => Boolean(wait.compareDocumentPosition(document.getElementById('transcript')) & Node.DOCUMENT_POSITION_FOLLOWING)),
      true,
    );
    assert.deepEqual(await axeViolations(page), [], 'axe, waiting, 320 px');
    await page.locator('.chat').screenshot({ path: path.join(SCREENSHOTS, 'chat-waiting.png'), animations: 'disabled' });

    const record = async () => {
      const now = await position(page);
      if (now !== undefined && now !== positions.at(-1)) positions.push(now);
      return now;
    };
    const moved = (to) => until(`position ${to}`, async () => ((await record()) === to ? true : undefined));
    await hangUp(proxy, calls[0]);
    await moved(2);

    // A reload while waiting: chatjs rehydrates the chat from sessionStorage, and waitline is back.
    await page.reload();
    assert.equal(await position(page), undefined, 'a fresh page');
    assert.equal(await until('waitline back after the reload', () => position(page)), 2);
    assert.equal((await page.locator('#start').isHidden()), true, 'the same chat, not a new one');
    await hangUp(proxy, calls[1]);
    await moved(1);

    // The agent joins: waitline leaves at once, and the agent greets the customer.
    await hangUp(proxy, calls[2]);
    const joined = await until('the agent to join', async () => {
      await record();
      const events = await lines(page, '.event');
      return events.find((text) => text.endsWith('joined the chat'));
    });
    await until('waitline to leave', async () => ((await page.locator('.chat waitline-status').count()) === 0 ? true : undefined), 2_000);
    const greeting = await until('the greeting', async () => (await lines(page, '.agent')).find((text) => /Hello Ana/.test(text)));
    assert.match(greeting, /^Sam \(simulated agent\): /);
    assert.ok(joined.startsWith('Sam'), joined);
    assert.deepEqual(positions, [3, 2, 1], 'the position fell one place per call ended, each step shown');
    assert.deepEqual(await axeViolations(page), [], 'axe, with the agent, 320 px');
    await page.locator('.chat').screenshot({ path: path.join(SCREENSHOTS, 'chat-agent.png'), animations: 'disabled' });

    assert.deepEqual(errors, []);
  } finally {
    await proxy.stop();
  }
});

test('a reload once the agent has joined: the transcript says so, and waitline stays away', async () => {
  // The agent is free: the chat is taken at once and stays.
  const proxy = await startProxy(SCRIPTED);
  try {
    const { page, errors } = await chatPage(proxy);
    await page.waitForSelector('#start:not([hidden])');
    await page.click('#start button');
    await until('the greeting', async () => (await lines(page, '.agent')).find((text) => /Hello Ana/.test(text)), 20_000);
    assert.equal(await page.locator('.chat waitline-status').count(), 0);
    await page.reload();
    await until('the chat after the reload', async () =>
      ((await lines(page, '.agent')).some((text) => /Hello Ana/.test(text)) && (await page.textContent('#status')) === 'Connected.') || undefined);
    // Without the transcript, the rehydrated adapter would show the widget again (reading
    // "An agent will be with you shortly": Connect no longer has the contact in its queue).
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.chat waitline-status').count(), 0, 'no waitline once an agent has joined');
    assert.deepEqual(errors, []);
  } finally {
    await proxy.stop();
  }
});

test('chat.ended while waiting removes waitline; a reload then starts afresh', async () => {
  const proxy = await startProxy(SCRIPTED);
  try {
    await queueContact(proxy); // on the line with the only agent for the whole test: everyone else waits
    // The support page, without a chat, never loads the chat adapters; the chat page does.
    const support = await narrowPage(proxy.url);
    const loaded = [];
    support.on('request', (request) => loaded.push(new URL(request.url()).pathname));
    await support.goto(`${proxy.url}/`);
    await until('the support page widget', () => position(support, '#wait'));
    assert.ok(loaded.includes('/waitline/index.js') && !loaded.some((file) => file.includes('chat')), loaded.join(' '));
    assert.deepEqual(await axeViolations(support), [], 'axe, the support page with its link to the chat, 320 px');
    await support.click('header nav a[href="/chat.html"]');
    await support.waitForURL('**/chat.html');
    await support.close();

    const { page, errors } = await chatPage(proxy);
    await page.click('#start button');
    await until('a position', () => position(page));
    // The customer leaves: the service ends the chat and pushes chat.ended down the socket.
    await page.evaluate(() => window.chatSession.disconnectParticipant());
    await until('chat.ended in the transcript', async () => (await lines(page, '.event')).find((text) => text === 'The chat has ended'));
    await until('waitline removed', async () => ((await page.locator('.chat waitline-status').count()) === 0 ? true : undefined), 2_000);
    assert.equal(await page.$eval('#wait', (wait) => wait.childElementCount), 0);
    await page.reload();
    await page.waitForSelector('#start:not([hidden])');
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('waitline-status').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await proxy.stop();
  }
});

// The hosted widget's snippet defines `amazon_connect(command, argument)`; this stand-in keeps
// what the page registers and plays the widget's part: customStartChat when the customer starts a
// chat, then CONNECTION_ESTABLISHED (and again after a reload, from its persisted session),
// PARTICIPANT_JOINED and CHAT_ENDED, each as `(eventName, { chatDetails, data })`.
// It keeps its chat in its own storage (`hostedStorage`, set by a test whose page refuses
// sessionStorage: the real widget's frame is AWS's, whose storage the page's refusal leaves alone).
const STAND_IN = `
  const store = window.hostedStorage ?? sessionStorage;
  window.hosted = { callbacks: {} };
  window.amazon_connect = (command, argument) => {
    if (command === 'registerCallback') Object.assign(hosted.callbacks, argument);
    else hosted[command] = argument;
  };
  const fire = (name, data) => {
    const details = JSON.parse(store.getItem('persistedChatSession'));
    hosted.callbacks[name]?.(name, { chatDetails: { contactId: details?.ContactId, participantId: details?.ParticipantId }, data });
  };
  hosted.launch = () => new Promise((resolve) => hosted.customStartChat((answer) => {
    store.setItem('persistedChatSession', JSON.stringify(answer.data.startChatResult));
    fire('CONNECTION_ESTABLISHED', {});
    resolve(answer.data.startChatResult.ContactId);
  }));
  hosted.rehydrate = () => fire('CONNECTION_ESTABLISHED', {});
  hosted.joined = (role) => fire('PARTICIPANT_JOINED', { ContentType: 'application/vnd.amazonaws.connect.event.participant.joined', ParticipantRole: role, DisplayName: role });
  hosted.ended = () => {
    fire('CHAT_ENDED', {});
    store.removeItem('persistedChatSession');
  };
`;

// The page's part, as the README's snippet has it.
const HOSTED_PAGE = `
  import { attachToHostedWidget } from '/waitline/chat.js';
  const waitline = attachToHostedWidget({ container: document.getElementById('wait'), attributes: { 'poll-seconds': 1 } });
  amazon_connect('customStartChat', (callback) => {
    fetch('/v1/chats', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ displayName: 'Ana' }) })
      .then((response) => response.json())
      .then(waitline.chatStarted)
      .then(callback);
  });
  window.waitline = waitline;
`;

/** A page on the proxy's origin with the stand-in hosted widget and the README's snippet;
 * `before` runs in the page before either (Playwright's init script). */
async function hostedPage(base, before) {
  const page = await narrowPage(base);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (before) await page.addInitScript(before);
  await page.route(`${base}/hosted.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hosted widget</title>
        <script src="/stand-in.js"></script><script type="module" src="/hosted.js"></script></head>
        <body><main><h1>Support</h1><aside id="wait" aria-label="Your place in the queue"></aside></main></body></html>`,
    }),
  );
  await page.route(`${base}/stand-in.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN }));
  await page.route(`${base}/hosted.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: HOSTED_PAGE }));
  const open = async () => {
    await page.goto(`${base}/hosted.html`);
    await page.waitForFunction(() => window.waitline && window.hosted.customStartChat);
  };
  return { page, errors, open };
}

test('attachToHostedWidget follows the hosted widget through its registered callbacks', async () => {
  // One agent on long calls and nobody ahead giving up: the chat waits for the whole test.
  const proxy = await startProxy(['--sim-arrivals-per-minute', '0', '--sim-initial-queue', '12', '--sim-agents', '1',
    '--sim-patience-seconds', '0']);
  try {
    const { page, errors, open } = await hostedPage(proxy.url);
    const WIDGET_HOSTED = '#wait waitline-status';
    const count = () => page.locator(WIDGET_HOSTED).count();
    const shown = async () => (await until('waitline with a position', () => position(page, WIDGET_HOSTED), 15_000)) > 0;

    await open();
    assert.deepEqual(Object.keys(await page.evaluate(() => window.hosted.callbacks)).sort(), ['CHAT_ENDED', 'CONNECTION_ESTABLISHED', 'PARTICIPANT_JOINED']);
    assert.equal(await count(), 0, 'nothing before a chat starts');
    const contactId = await page.evaluate(() => window.hosted.launch());
    assert.ok(await shown());
    assert.equal(await page.getAttribute(WIDGET_HOSTED, 'contact-id'), contactId, 'the chat started through POST /v1/chats');
    assert.equal(await page.getAttribute(WIDGET_HOSTED, 'layout'), 'compact');
    assert.deepEqual(await axeViolations(page), []);

    // A reload: the hosted widget reconnects its persisted chat, and waitline comes back.
    await open();
    assert.equal(await count(), 0);
    await page.evaluate(() => window.hosted.rehydrate());
    assert.ok(await shown());

    // The customer's own joining changes nothing; an agent's hides waitline, after a reload too.
    await page.evaluate(() => window.hosted.joined('CUSTOMER'));
    assert.equal(await count(), 1);
    await page.evaluate(() => window.hosted.joined('AGENT'));
    assert.equal(await count(), 0);
    await open();
    await page.evaluate(() => window.hosted.rehydrate());
    await page.waitForTimeout(500);
    assert.equal(await count(), 0, 'an agent joined before the reload');
    await page.evaluate(() => window.hosted.ended());
    assert.equal(await page.evaluate(() => sessionStorage.getItem('waitline.chat')), null, 'forgotten when the chat ends');

    // A new chat in the same page, ended while waiting.
    await page.evaluate(() => window.hosted.launch());
    assert.ok(await shown());
    await page.evaluate(() => window.hosted.ended());
    assert.equal(await count(), 0, 'CHAT_ENDED removes it');

    // destroy(): later callbacks do nothing.
    await page.evaluate(() => window.hosted.launch());
    assert.ok(await shown());
    await page.evaluate(() => window.waitline.destroy());
    assert.equal(await count(), 0);
    await page.evaluate(() => window.hosted.rehydrate());
    assert.equal(await count(), 0, 'no widget after destroy()');
    assert.deepEqual(errors, []);
  } finally {
    await proxy.stop();
  }
});

test('attachToHostedWidget when sessionStorage is refused or holds garbage: the chat starts, and waitline shows', async () => {
  // Eight chats in a few seconds from one address: more than one client may start (its share of
  // StartChatContact, its new contacts per hour), so the per-client limits are off and this test
  // stands for many customers.
  const proxy = await startProxy([
    ...['--sim-arrivals-per-minute', '0', '--sim-initial-queue', '12', '--sim-agents', '1', '--sim-patience-seconds', '0'],
    ...['--client-rate', '0'],
  ]);
  try {
    const WIDGET_HOSTED = '#wait waitline-status';
    const count = (page) => page.locator(WIDGET_HOSTED).count();
    const shown = async (page) => (await until('waitline with a position', () => position(page, WIDGET_HOSTED), 15_000)) > 0;
    // The chat's contact once the hosted widget has the answer back (chatStarted returned it),
    // else 'never': the customer's chat would not start.
    const launch = (page) =>
      page.evaluate(() => Promise.race([window.hosted.launch(), new Promise((resolve) => setTimeout(() => resolve('never'), 5000))]));

    // Refused: reading window.sessionStorage throws, as in a sandboxed frame or with storage blocked.
    const refused = await hostedPage(proxy.url, () => {
      window.hostedStorage = window.sessionStorage;
      Object.defineProperty(window, 'sessionStorage', {
        configurable: true,
        get() {
          throw new DOMException("Failed to read the 'sessionStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
        },
      });
    });
    await refused.open();
    assert.equal(await refused.page.evaluate(() => { try { return typeof sessionStorage; } catch (error) { return error.name; } }), 'SecurityError');
    const contactId = await launch(refused.page);
    assert.notEqual(contactId, 'never', 'chatStarted handed the answer on');
    assert.ok(await shown(refused.page));
    assert.equal(await refused.page.getAttribute(WIDGET_HOSTED, 'contact-id'), contactId);
    // For the page's lifetime it follows the chat: the connection again, then the agent.
    await refused.page.evaluate(() => window.hosted.rehydrate());
    assert.equal(await count(refused.page), 1);
    await refused.page.evaluate(() => window.hosted.joined('AGENT'));
    assert.equal(await count(refused.page), 0);
    // Nothing survives a reload without storage: the reconnected chat shows nothing, and ends.
    await refused.open();
    await refused.page.evaluate(() => window.hosted.rehydrate());
    assert.equal(await count(refused.page), 0);
    await refused.page.evaluate(() => window.hosted.ended());
    assert.deepEqual(refused.errors, []);
    await refused.page.close();

    // Garbage where the adapter keeps its chat: ignored, and replaced by the next chat's.
    const garbage = await hostedPage(proxy.url);
    for (const kept of ['not json', '{"contactId":', 'null', '[1]', '42', '"text"', '{"contactId":7,"agent":"yes"}']) {
      await garbage.open();
      await garbage.page.evaluate((value) => sessionStorage.setItem('waitline.chat', value), kept);
      await garbage.open();
      await garbage.page.evaluate(() => {
        window.hosted.rehydrate();
        window.hosted.joined('AGENT');
      });
      assert.equal(await count(garbage.page), 0, kept);
      assert.notEqual(await launch(garbage.page), 'never', kept);
      assert.ok(await shown(garbage.page), kept);
      await garbage.page.evaluate(() => window.hosted.ended());
      assert.equal(await count(garbage.page), 0, kept);
    }
    assert.deepEqual(garbage.errors, []);
    await garbage.page.close();
  } finally {
    await proxy.stop();
  }
});

// The page's own element, with the real chatjs: attributes kept, shown and hidden in place, and
// after destroy() the chat's later events (here chat.ended) change nothing. Run in the demo chat
// page, whose chatjs is configured for the simulator, beside its own chat window (the page must
// come from the proxy: Chromium lets only a loopback page reach the loopback Participant Service).
async function ownElementChat() {
  const { attachToChatSession } = await import('/waitline/chat.js');
  const mine = document.createElement('waitline-status');
  mine.id = 'mine';
  mine.setAttribute('poll-seconds', '1');
  mine.setAttribute('ewt-style', 'range');
  document.querySelector('main').append(mine);
  const answer = await (await fetch('/v1/chats', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ displayName: 'Ana' }) })).json();
  const session = connect.ChatSession.create({ chatDetails: answer.data.startChatResult, type: 'CUSTOMER', disableCSM: true });
  window.waitline = attachToChatSession(session, { element: mine, token: answer.waitline.token });
  // A second attachment, destroyed before the session connects: connecting must not bring it back.
  const box = document.createElement('div');
  box.id = 'destroyed';
  document.querySelector('main').append(box);
  attachToChatSession(session, { container: box, token: answer.waitline.token }).destroy();
  window.session = session;
  session.onEnded(() => (window.ended = true));
  await session.connect();
  return answer.waitline.contactId;
}

test("attachToChatSession with the page's own element, and destroy()", async () => {
  const proxy = await startProxy(SCRIPTED);
  try {
    await queueContact(proxy); // on the line with the only agent for the whole test: the chat waits
    const { page, errors } = await chatPage(proxy);
    await page.waitForSelector('#start:not([hidden])');
    const contactId = await page.evaluate(ownElementChat);
    assert.ok((await until('a position in the own element', () => position(page, '#mine'))) > 0);
    assert.equal(await page.getAttribute('#mine', 'contact-id'), contactId);
    assert.equal(await page.getAttribute('#mine', 'ewt-style'), 'range', "the page's attributes are kept");
    assert.equal(await page.getAttribute('#mine', 'layout'), null, "the layout is the page's choice");
    assert.equal(await page.$eval('#destroyed', (box) => box.childElementCount), 0, 'destroyed before connect(): nothing shown');

    await page.evaluate(() => window.waitline.destroy());
    assert.equal(await page.locator('#mine').count(), 1, 'not removed: the page owns it');
    assert.equal(await page.$eval('#mine', (el) => el.hidden && !el.hasAttribute('contact-id') && el.shadowRoot.querySelector('.headline') === null), true);
    // chat.ended after destroy(): the adapter's handlers are still subscribed but do nothing.
    await page.evaluate(() => window.session.disconnectParticipant());
    await until('onEnded', () => page.evaluate(() => window.ended));
    assert.equal(await page.locator('#mine').count(), 1);
    assert.deepEqual(errors, []);
  } finally {
    await proxy.stop();
  }
});
