/** Replacement wording for one message: text, or forms by plural category. */
export type MessageValue =
  | string
  | Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other', string>>;

/** Every message the widget shows; see the README for the placeholders each takes. */
export type MessageKey =
  | 'loading' | 'position' | 'next' | 'waitLabel' | 'lessThanAMinute' | 'aboutMinutes'
  | 'lessThanMinutes' | 'rangeMinutes' | 'minutes' | 'seconds' | 'preciseJoin'
  | 'moreThanHours' | 'moreThanMinutes' | 'stale' | 'connecting' | 'connectingFlow'
  | 'ended' | 'errorTitle'
  | 'errorNotAllowed' | 'errorNotFound' | 'errorBadRequest' | 'callbackPrompt'
  | 'callbackAction' | 'selfServicePrompt' | 'selfServiceAction'
  | 'callbackNumberLabel' | 'callbackConfirm' | 'callbackCancel' | 'callbackErrorInvalid'
  | 'callbackErrorCountry' | 'callbackErrorFailed' | 'callbackErrorGone'
  | 'callbackScheduled' | 'callbackSoon' | 'callbackCalling' | 'callbackDone'
  | 'callbackFailed' | 'titlePosition' | 'notifyAction';

export type Messages = Partial<Record<MessageKey, MessageValue>>;

/** How an estimate is phrased: "about 5 minutes", "less than 5 minutes", "4–6 minutes", "4 minutes 10 seconds". */
export type EwtStyle = 'approximate' | 'less-than' | 'range' | 'precise';

/** Options for {@link mount}; the element's attributes map onto them. */
export interface MountOptions {
  /** The Amazon Connect contact to follow (a contact ID or ARN). Required. */
  contactId: string;
  /** URL template containing `{contactId}`. Default `/v1/contacts/{contactId}/metrics`. */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <token>`; minted by your backend for this contact. */
  token?: string;
  /** Seconds between polls, 1 to 3600. Default 10. */
  pollSeconds?: number;
  /** BCP 47 tag. Default: the page's `lang`, then the browser's languages. Built in: en, es, fr, de, pt, ja, ar. */
  locale?: string;
  /** Default `approximate`. */
  ewtStyle?: EwtStyle;
  /** Longest wait given as a number, 60 to 86400 s; beyond it "more than an hour". Default 3600. */
  maxWaitSeconds?: number;
  /** Offer a callback when the estimate reaches this many seconds. */
  callbackAfterSeconds?: number;
  /** Offer a callback from this position on. */
  callbackAfterPosition?: number;
  /** Offer self-service when the estimate reaches this many seconds. */
  selfServiceAfterSeconds?: number;
  /** Offer self-service from this position on. */
  selfServiceAfterPosition?: number;
  /** http(s) URL the callback offer links to (a site's own form); without it the offer is a "Call me back" button that opens the widget's own form. */
  callbackUrl?: string;
  /** URL template containing `{contactId}` for callbacks: `POST` with this contact, `GET` with the callback's. Default `/v1/contacts/{contactId}/callback`. */
  callbackEndpoint?: string;
  /** Two-letter country a number typed without a country code is read in. Default: the region of the language tag the widget speaks by (`en-GB` → `GB`), else none. */
  callbackCountry?: string;
  /** http(s) URL the self-service offer links to; without it, a button firing `waitline:self-service`. */
  selfServiceUrl?: string;
  /** Seconds before a request is aborted and counted as failed, 1 to 120. Default 8. */
  timeoutSeconds?: number;
  /** Screen readers hear changes at most this often (milestones at once). 0 to 3600, default 60. */
  announceEverySeconds?: number;
  /** While the page is hidden, put the place in its title: `(4th) Support — Example`; the page's own title comes back when it is shown, the wait ends or the widget goes. Only one widget on a page does (the first to have a place to show while hidden). Default false. */
  titlePosition?: boolean;
  /** Offer "Notify me when I'm next": a button that asks for the browser's permission when clicked, never on load; then one notification ("You're next") when the place reaches 1 while the page is hidden. Default false. */
  notifyNext?: boolean;
  /** Replacement wording. */
  messages?: Messages;
}

export interface WaitlineHandle {
  /** Settles once the widget is running; rejects with an `Error` for invalid options. */
  readonly ready: Promise<void>;
  /** Stops polling, aborts the request in flight and releases every timer and listener. */
  destroy(): void;
}

/** What `initialize()` accepts to locate the widget's WebAssembly. */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/** Loads the widget's WebAssembly once; `mount()` calls it for you. */
export function initialize(wasm?: WasmSource): Promise<unknown>;

/** Renders the widget into `element`'s open shadow root and starts polling. */
export function mount(element: HTMLElement, options: MountOptions): WaitlineHandle;
