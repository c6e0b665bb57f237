import type { WaitlineStatus } from './element.js';

/** Where the widget goes, and what it reads with. */
export interface ChatWaitOptions {
  /** A compact `<waitline-status layout="compact">` is made at the top of this element while the customer waits. */
  container?: Element;
  /** Or the page's own `<waitline-status>` (its attributes kept): shown and hidden, never removed. */
  element?: WaitlineStatus;
  /**
   * The waitline token for the chat's contact: `waitline.token` from the proxy's `POST /v1/chats`
   * answer. chatjs sessions have no place for it, so the page keeps it beside the chat details.
   */
  token?: string;
  /** The metrics URL template, e.g. `https://waitline.example.com/v1/contacts/{contactId}/metrics`. */
  endpoint?: string;
  /** Any other attributes for the widget, e.g. `{ 'poll-seconds': 5, locale: 'fr' }`. */
  attributes?: Record<string, string | number>;
}

export interface ChatWaitHandle {
  /** The widget shown while the customer waits. */
  readonly element: WaitlineStatus;
  /** Stops the widget and removes it (if the adapter made it); later chat events are ignored. */
  destroy(): void;
}

/** What the adapter reads of a transcript item. */
export interface ChatItemLike {
  ContentType?: string;
  ParticipantRole?: string;
}

/**
 * The part of an amazon-connect-chatjs 5 customer session the adapter uses; chatjs's own
 * `connect.CustomerChatSession` type is assignable to it.
 */
export interface ChatSessionLike {
  getChatDetails(): { contactId: string };
  getTranscript(args: { maxResults?: number }): Promise<{ data?: { Transcript?: readonly ChatItemLike[] } | void }>;
  onMessage(handler: (event: { data: ChatItemLike }) => void): void;
  onEnded(handler: (event: unknown) => void): void;
  onConnectionEstablished(handler: (event: unknown) => void): void;
}

/**
 * Follows an amazon-connect-chatjs customer session: the widget shows the session's contact
 * while it waits, hides when an agent joins and goes when the chat ends. Call it before or after
 * `session.connect()`, on a new or a rehydrated session (after a reload the transcript says
 * whether an agent already joined).
 */
export function attachToChatSession(session: ChatSessionLike, options: ChatWaitOptions): ChatWaitHandle;

/** The proxy's `POST /v1/chats` answer (what `customStartChat` hands the hosted widget). */
export interface ChatStarted {
  data: { startChatResult: { ContactId: string; ParticipantId: string; ParticipantToken: string } };
  waitline: { contactId: string; token: string };
}

/** The hosted widget's global function, as its snippet defines it. */
export type AmazonConnectFunction = (command: string, argument?: unknown) => unknown;

export interface HostedWidgetOptions extends ChatWaitOptions {
  /** Default: `globalThis.amazon_connect`. */
  amazonConnect?: AmazonConnectFunction;
  /** The sessionStorage key keeping the contact, its token and whether an agent joined. Default `waitline.chat`. */
  storageKey?: string;
}

export interface HostedWidgetHandle extends ChatWaitHandle {
  /** Call with the proxy's `POST /v1/chats` answer inside `customStartChat`; returns it unchanged. */
  chatStarted<T extends ChatStarted>(answer: T): T;
}

/**
 * Follows Amazon Connect's hosted communications widget through
 * `amazon_connect('registerCallback', …)` (`CONNECTION_ESTABLISHED`, `PARTICIPANT_JOINED`,
 * `CHAT_ENDED`), showing the widget in `container`, beside the chat frame.
 */
export function attachToHostedWidget(options: HostedWidgetOptions): HostedWidgetHandle;
