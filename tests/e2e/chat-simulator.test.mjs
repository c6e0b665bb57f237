// The simulator speaks Connect chat: AWS's JavaScript SDK starts a chat on the simulated Connect
// API, and the unmodified amazon-connect-chatjs from npm, in Chromium, pointed at the simulated
// Participant Service with only setGlobalConfig({ region, endpoint }), connects its WebSocket,
// waits in the queue (GetContactMetrics follows it), has its message echoed, meets the simulated
// agent, is greeted, and sees the chat end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectClient, GetContactMetricsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { launch } from './support/browser.mjs';
import { startProxy } from './support/proxy.mjs';
import { serveStatic } from './support/static.mjs';

const require = createRequire(import.meta.url);
const CHATJS = require.resolve('amazon-connect-chatjs/dist/amazon-connect-chat.js');
const INSTANCE = '00000000-0000-4000-8000-000000000000';
const METRICS = [{ Name: 'POSITION_IN_QUEUE' }, { Name: 'ESTIMATED_WAIT_TIME' }];
const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';

// One agent and 25 contacts ahead who never give up, each about 0.4 s of real time (4 simulated
// seconds at x10): the chat waits roughly 10 s, long enough to see its position fall and for
// chatjs to be listening when the agent comes, and the whole file takes well under a minute.
const SIMULATOR = ['--sim-agents', '1', '--sim-initial-queue', '25', '--sim-arrivals-per-minute', '0',
  '--sim-patience-seconds', '0', '--sim-handle-seconds', '4', '--sim-time-scale', '10', '--sim-quota-rate', '50',
  '--sim-quota-burst', '50'];

let browser;
let proxy;
let site;
let dir;
let connect;

before(async () => {
  // The browser first: the queue starts moving when the proxy starts.
  browser = await launch();
  proxy = await startProxy(SIMULATOR);
  connect = new ConnectClient({
    endpoint: proxy.connectUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
  });
  dir = await mkdtemp(path.join(tmpdir(), 'waitline-chat-'));
  await copyFile(CHATJS, path.join(dir, 'amazon-connect-chat.js'));
  await writeFile(path.join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <title>chatjs against the simulator</title><script src="/amazon-connect-chat.js"></script></head>
    <body><main><h1>Chat</h1></main></body></html>`);
  site = await serveStatic(dir);
});

after(async () => {
  connect?.destroy();
  await browser?.close();
  await proxy?.stop();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function metrics(contactId) {
  const output = await connect.send(new GetContactMetricsCommand({ InstanceId: INSTANCE, ContactId: contactId, Metrics: METRICS }));
  const value = (name) => output.MetricResults.find((result) => result.Name === name)?.Value?.Number;
  return { position: value('POSITION_IN_QUEUE'), wait: value('ESTIMATED_WAIT_TIME') };
}

/** Resolves with the first value `probe` returns that is not undefined, polling every 100 ms. */
async function until(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('unmodified chatjs chats with the simulated agent through the simulated Participant Service', async () => {
  assert.equal(require('amazon-connect-chatjs/package.json').version, '5.0.0');
  assert.equal(proxy.participantUrl, proxy.connectUrl, 'the proxy prints the Participant Service endpoint: the same server');
  assert.match(proxy.participantUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

  const chat = await connect.send(new StartChatContactCommand({
    InstanceId: INSTANCE,
    ContactFlowId: '00000000-0000-4000-8000-0000000000f1',
    ParticipantDetails: { DisplayName: 'Ana' },
    InitialMessage: { ContentType: 'text/plain', Content: 'My parcel has not arrived' },
  }));
  assert.ok(chat.ContactId && chat.ParticipantId && chat.ParticipantToken);
  const first = await metrics(chat.ContactId);
  assert.ok(first.position > 5, `the chat waits behind the queue: position ${first.position}`);
  assert.ok(first.wait > 0, 'with an estimated wait');

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const sockets = [];
  page.on('websocket', (socket) => {
    const seen = { url: socket.url(), received: [] };
    sockets.push(seen);
    socket.on('framereceived', ({ payload }) => seen.received.push(String(payload)));
  });
  await page.goto(`${site.url}/index.html`);
  // What the page loaded is the npm file, byte for byte.
  const served = await (await fetch(`${site.url}/amazon-connect-chat.js`)).text();
  assert.equal(served, await readFile(CHATJS, 'utf8'));

  const connected = await page.evaluate(async ({ endpoint, details }) => {
    window.events = [];
    const record = (type) => (event) => window.events.push({ type, at: Date.now(), data: event?.data ?? null });
    connect.ChatSession.setGlobalConfig({ region: 'us-east-1', endpoint });
    const session = connect.ChatSession.create({
      chatDetails: details,
      type: connect.ChatSession.SessionTypes.CUSTOMER,
      options: { region: 'us-east-1' },
      disableCSM: true,
    });
    session.onConnectionEstablished(record('established'));
    session.onConnectionBroken(record('broken'));
    session.onMessage(record('message'));
    session.onEnded(record('ended'));
    window.session = session;
    const result = await session.connect();
    return result.connectSuccess;
  }, { endpoint: proxy.participantUrl, details: chat });
  assert.equal(connected, true);

  const events = () => page.evaluate(() => window.events);
  const find = async (predicate) => (await events()).find(predicate);
  await until('the connection to be established', () => find((e) => e.type === 'established'));
  const socket = await until('the WebSocket and its subscription', () =>
    sockets.find((s) => s.received.some((frame) => JSON.parse(frame).content?.status === 'success')));
  assert.match(socket.url, /^ws:\/\/127\.0\.0\.1:\d+\/participant\/websocket\?AuthToken=/);

  // The customer's message comes back through the socket, as the service echoes it.
  const sent = await page.evaluate(() => window.session.sendMessage({ contentType: 'text/plain', message: 'Is anyone there?' }));
  const echo = await until('the echo', () =>
    find((e) => e.type === 'message' && e.data.Type === 'MESSAGE' && e.data.Content === 'Is anyone there?'));
  assert.equal(echo.data.Id, sent.data.Id);
  assert.equal(echo.data.ParticipantRole, 'CUSTOMER');
  assert.equal(echo.data.ContactId, chat.ContactId);

  const transcript = await page.evaluate(() => window.session.getTranscript({ maxResults: 100, scanDirection: 'FORWARD' }));
  assert.deepEqual(
    transcript.data.Transcript.map((item) => item.Content ?? item.ContentType),
    [JOINED, 'My parcel has not arrived', 'Is anyone there?'],
  );

  // While it waits, GetContactMetrics follows the chat's contact down the queue.
  const positions = [first.position];
  const joined = await until('the agent to join', async () => {
    const agent = await find((e) => e.type === 'message' && e.data.ContentType === JOINED && e.data.ParticipantRole === 'AGENT');
    if (agent) return agent;
    const { position } = await metrics(chat.ContactId);
    if (position !== undefined && position !== positions.at(-1)) positions.push(position);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return undefined;
  }, 40_000);
  assert.ok(positions.length >= 3, `the position fell in steps: ${positions}`);
  for (let i = 1; i < positions.length; i += 1) assert.ok(positions[i] < positions[i - 1], `${positions}`);
  assert.ok(joined.data.DisplayName, 'the agent has a name');
  assert.deepEqual(await metrics(chat.ContactId), { position: undefined, wait: undefined }, 'out of the queue once taken');

  const greeting = await until('the greeting', () =>
    find((e) => e.type === 'message' && e.data.Type === 'MESSAGE' && e.data.ParticipantRole === 'AGENT'));
  assert.match(greeting.data.Content, /Ana/);
  assert.equal(greeting.data.DisplayName, joined.data.DisplayName);

  // The agent's call ends when the queue's handle time says: chat.ended, then onEnded.
  await until('onEnded', () => find((e) => e.type === 'ended'), 40_000);
  const all = await events();
  const endedMessage = all.findIndex((e) => e.type === 'message' && e.data.ContentType === ENDED);
  assert.ok(endedMessage >= 0, 'chat.ended reached onMessage');
  assert.ok(all.findIndex((e) => e.type === 'ended') > endedMessage, 'then onEnded');
  const order = [joined, greeting].map((e) => all.findIndex((x) => x.data?.Id === e.data.Id));
  assert.ok(order[0] < order[1] && order[1] < endedMessage, 'joined, greeted, ended, in that order');
  assert.equal(all.filter((e) => e.type === 'broken').length, 0, 'the connection never broke');
  assert.deepEqual(errors, []);
});
