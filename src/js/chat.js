// waitline/chat: shows <waitline-status> in an Amazon Connect chat while the customer waits for
// an agent, and takes it away when one joins or the chat ends. I/O glue only: what the widget
// shows (a position, a wait, "An agent will be with you shortly", an error) is the widget's own
// decision from GetContactMetrics; this only says whether it should be there at all.
// Imported from './index.js' at run time (not bundled in), so a page that also imports
// 'waitline' gets the one instance and the one registered element.
import './index.js';

const ENDED_ITEM = 'application/vnd.amazonaws.connect.event.chat.ended';
// The chat's states, in the only order they can come in: a later one is never undone.
const WAITING = 0;
const AGENT = 1;
const ENDED = 2;

// What a transcript item says about the chat: ended, an agent is (or was) in it (the agent's
// participant.joined, or anything else from role AGENT), or nothing.
const classify = (item) =>
  item?.ContentType === ENDED_ITEM ? ENDED : item?.ParticipantRole === 'AGENT' ? AGENT : undefined;

// The widget's place and the chat's state: the page's own element, or a compact one made at the
// top of `container`.
function follow({ element, container, token, endpoint, attributes = {} }) {
  if (!element && !container) throw new TypeError('waitline: container or element');
  const made = !element;
  const widget = element ?? document.createElement('waitline-status');
  if (made) widget.setAttribute('layout', 'compact');
  for (const [name, value] of Object.entries({ ...attributes, token, endpoint })) {
    if (value != null) widget.setAttribute(name, value);
  }
  widget.hidden = true;
  let state = -1;
  let off = false;
  // Without `contact-id` the element stops polling and clears its shadow root.
  const stop = () => {
    widget.hidden = true;
    widget.removeAttribute('contact-id');
    if (made) widget.remove();
  };
  return {
    widget,
    to(next, contactId, contactToken) {
      if (off || !(next > state)) return;
      state = next;
      if (next !== WAITING) return stop();
      if (contactToken) widget.setAttribute('token', contactToken);
      widget.setAttribute('contact-id', contactId);
      widget.hidden = false;
      if (made && !widget.isConnected) container.prepend(widget);
    },
    restart() {
      state = -1;
    },
    destroy() {
      off = true;
      stop();
    },
  };
}

// What the page holds: the element and destroy().
const handle = (chat, more) => ({ element: chat.widget, destroy: chat.destroy, ...more });

/**
 * Follows an amazon-connect-chatjs customer session: shows the widget for the session's contact
 * while it waits, hides it when an agent joins, removes it when the chat ends. Works on a
 * rehydrated session (a page reload): the transcript says whether an agent already came.
 */
export function attachToChatSession(session, options = {}) {
  const chat = follow(options);
  const { contactId } = session.getChatDetails();
  // The transcript's latest 100 items (chatjs scans BACKWARD by default): any item of an agent's
  // means one has joined. Before the session is connected chatjs refuses (`open` false: ignored,
  // the connection will ask again); once connected, a failure shows the widget, which then reads
  // the truth from Connect.
  const check = (open) =>
    session
      .getTranscript({ maxResults: 100 })
      .then(({ data }) => chat.to(Math.max(WAITING, ...data.Transcript.map((item) => classify(item) ?? WAITING)), contactId))
      .catch(() => open && chat.to(WAITING, contactId));
  // chatjs 5.0.0's on…() return nothing to unsubscribe with: a destroyed handle ignores them.
  session.onMessage((event) => chat.to(classify(event.data)));
  session.onEnded(() => chat.to(ENDED));
  session.onConnectionEstablished(() => check(true));
  check(false);
  return handle(chat);
}

/**
 * Follows Amazon Connect's hosted communications widget (`amazon_connect(...)`), through its
 * registered callbacks. Pass the proxy's `POST /v1/chats` answer through `chatStarted` in
 * `customStartChat`; the contact and its token are kept in sessionStorage (as the hosted widget
 * keeps its chat) for a reload.
 */
export function attachToHostedWidget(options = {}) {
  const amazonConnect = options.amazonConnect ?? globalThis.amazon_connect;
  const key = options.storageKey ?? 'waitline.chat';
  const chat = follow(options);
  // sessionStorage only carries the chat across a reload. Reading it may throw (a sandboxed
  // frame, blocked storage) and it may hold anything, so the chat this page saw is kept in
  // `memory` too, and only an object is taken from storage: the chat goes on for the page's
  // lifetime whatever storage does.
  let memory;
  const stored = (use) => {
    try {
      return use(sessionStorage);
    } catch {}
  };
  const saved = () => {
    const kept = memory ?? stored((storage) => JSON.parse(storage.getItem(key)));
    return kept instanceof Object ? kept : {};
  };
  const save = (value) => {
    memory = value;
    stored((storage) => storage.setItem(key, JSON.stringify(value)));
  };
  const resume = ({ contactId, token, agent }) => contactId && chat.to(agent ? AGENT : WAITING, contactId, token);
  amazonConnect('registerCallback', {
    CONNECTION_ESTABLISHED: (_name, event) => {
      const kept = saved();
      if (kept.contactId === event?.chatDetails?.contactId) resume(kept);
    },
    PARTICIPANT_JOINED: (_name, event) => {
      if (classify(event?.data) !== AGENT) return;
      save({ ...saved(), agent: true });
      chat.to(AGENT);
    },
    CHAT_ENDED: () => {
      memory = {};
      stored((storage) => storage.removeItem(key));
      chat.to(ENDED);
    },
  });
  return handle(chat, {
    chatStarted(answer) {
      chat.restart();
      save(answer?.waitline ?? {});
      resume(saved());
      return answer;
    },
  });
}
