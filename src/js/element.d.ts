import type { Messages } from './mount.js';

export interface WaitlineUpdateDetail {
  position: number;
  /** The estimate as shown (counted down locally), or null when Connect gave none. */
  ewtSeconds: number | null;
  /** True when the latest refresh failed and these are the last known values. */
  stale: boolean;
}

export interface WaitlineOfferDetail {
  kind: 'callback' | 'self-service';
}

export interface WaitlineErrorDetail {
  /** Connect's error type (e.g. `ThrottlingException`), `NetworkError`, `Timeout`, `InvalidResponse`, `HTTP<status>`, `InvalidOptions`, or `LoadFailed` (its wasm or language pack could not be loaded). */
  code: string;
  message: string;
  /** False when the widget has stopped polling. */
  retrying: boolean;
}

export interface WaitlineCallbackRequestedDetail {
  /** The callback's own contact: follow it with the token the proxy gave the widget. */
  contactId: string;
  /** Masked by the proxy: `•••• 4567`. */
  phoneNumber: string;
}

export interface WaitlineCallbackStateDetail {
  state: 'scheduled' | 'queued' | 'calling' | 'done' | 'failed';
  /** While queued, when Connect has one. */
  position: number | null;
  /** While queued: the estimate as shown, counted down locally. */
  ewtSeconds: number | null;
  /** While scheduled: seconds until it enters the queue, as shown. */
  startsInSeconds: number | null;
}

export interface WaitlineEventMap {
  'waitline:update': CustomEvent<WaitlineUpdateDetail>;
  'waitline:offer': CustomEvent<WaitlineOfferDetail>;
  /** Cancelable: `preventDefault()` keeps the callback link from opening, or the widget's form. */
  'waitline:callback': CustomEvent<Record<string, never>>;
  'waitline:callback-requested': CustomEvent<WaitlineCallbackRequestedDetail>;
  'waitline:callback-state': CustomEvent<WaitlineCallbackStateDetail>;
  /** Cancelable: `preventDefault()` keeps the self-service link from opening. */
  'waitline:self-service': CustomEvent<Record<string, never>>;
  /** Cancelable: `preventDefault()` keeps the widget from asking for the browser's notification permission. */
  'waitline:notify': CustomEvent<Record<string, never>>;
  'waitline:connecting': CustomEvent<Record<string, never>>;
  'waitline:error': CustomEvent<WaitlineErrorDetail>;
}

/**
 * `<waitline-status contact-id="…" token="…">`: shows one contact's position in queue and
 * estimated wait. Removing it from the DOM stops it. See the README for every attribute.
 */
export declare class WaitlineStatus extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Replacement wording; setting it restarts the widget. */
  messages: Messages | undefined;
  addEventListener<K extends keyof WaitlineEventMap>(
    type: K,
    listener: (this: WaitlineStatus, event: WaitlineEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'waitline-status': WaitlineStatus;
  }
  interface HTMLElementEventMap extends WaitlineEventMap {}
}
