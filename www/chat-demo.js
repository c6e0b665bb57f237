// The demo chat window: amazon-connect-chatjs (the global `connect`, loaded before this module)
// against the proxy's simulated Participant Service, with waitline above the transcript while
// the customer waits. The chat survives a reload: its details are kept in sessionStorage, as the
// hosted widget keeps its own.
import { attachToChatSession } from '/waitline/chat.js';

const KEY = 'waitline-demo.chat';
const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const LEFT = 'application/vnd.amazonaws.connect.event.participant.left';
const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const transcript = $('transcript');
const status = $('status');
const seen = new Set();

// One line of the transcript: messages, and who joined or left. Set as text, never as HTML.
function show(item) {
  if (!item?.Id || seen.has(item.Id)) return;
  const role = item.ParticipantRole;
  let text;
  if (item.Type === 'MESSAGE') text = item.Content;
  else if (item.ContentType === JOINED && role === 'AGENT') text = `${item.DisplayName} joined the chat`;
  else if (item.ContentType === LEFT && role === 'AGENT') text = `${item.DisplayName} left the chat`;
  else if (item.ContentType === ENDED) text = 'The chat has ended';
  if (text === undefined) return;
  seen.add(item.Id);
  const line = document.createElement('p');
  line.className = `line ${item.Type === 'MESSAGE' ? role.toLowerCase() : 'event'}`;
  if (item.Type === 'MESSAGE') {
    const who = document.createElement('strong');
    who.textContent = role === 'CUSTOMER' ? 'You' : item.DisplayName;
    line.append(who, ': ');
  }
  line.append(text);
  line.dataset.time = item.AbsoluteTime;
  // Items from the transcript and the socket may come out of order: keep them by time.
  const after = [...transcript.children].find((other) => other.dataset.time > item.AbsoluteTime);
  transcript.insertBefore(line, after ?? null);
  transcript.scrollTop = transcript.scrollHeight;
}

function ended() {
  sessionStorage.removeItem(KEY);
  status.textContent = 'The chat has ended. You can start a new one.';
  $('send').hidden = true;
  $('start').hidden = false;
}

async function open(chat) {
  $('start').hidden = true;
  status.textContent = 'Connecting…';
  const session = connect.ChatSession.create({
    chatDetails: chat.startChatResult,
    type: connect.ChatSession.SessionTypes.CUSTOMER,
    options: { region: config.region },
    disableCSM: true, // otherwise chatjs posts telemetry to AWS
  });
  // The waitline token from POST /v1/chats: chatjs's details have no place for it.
  attachToChatSession(session, {
    container: $('wait'),
    token: chat.waitline.token,
    attributes: { 'poll-seconds': params.get('poll-seconds') ?? '3' },
  });
  session.onMessage(({ data }) => show(data));
  session.onEnded(ended);
  window.chatSession = session; // for the end-to-end test
  try {
    await session.connect();
  } catch {
    sessionStorage.removeItem(KEY);
    status.textContent = 'Could not connect to the chat. Reload to start again.';
    return;
  }
  status.textContent = 'Connected.';
  $('send').hidden = false;
  // After a reload: what was said before.
  const { data } = await session.getTranscript({ maxResults: 100, scanDirection: 'BACKWARD' });
  data.Transcript.forEach(show);
  if (data.Transcript.some((item) => item.ContentType === ENDED)) ended();
}

$('start').addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'Starting a chat…';
  try {
    const response = await fetch('/v1/chats', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ displayName: $('name').value.trim() }),
    });
    if (!response.ok) throw new Error(`the proxy answered ${response.status}`);
    const answer = await response.json();
    const chat = { startChatResult: answer.data.startChatResult, waitline: answer.waitline };
    sessionStorage.setItem(KEY, JSON.stringify(chat));
    transcript.replaceChildren();
    seen.clear();
    await open(chat);
  } catch (error) {
    status.textContent = `Could not start a chat: ${error.message}.`;
  }
});

$('send').addEventListener('submit', (event) => {
  event.preventDefault();
  const message = $('message').value.trim();
  if (!message) return;
  $('message').value = '';
  window.chatSession.sendMessage({ contentType: 'text/plain', message }).catch(() => {
    status.textContent = 'That message was not sent.';
  });
});

// The simulator's Participant Service listens on a port of its own: the proxy says where.
let config;
try {
  const response = await fetch('/v1/demo/chat');
  if (!response.ok) throw new Error(`the proxy answered ${response.status}`);
  config = await response.json();
  connect.ChatSession.setGlobalConfig({ region: config.region, endpoint: config.participantEndpoint });
  const kept = JSON.parse(sessionStorage.getItem(KEY));
  if (kept) await open(kept);
} catch (error) {
  $('start').hidden = true;
  status.textContent = `This demo needs the proxy in simulator mode: ${error.message}.`;
}
