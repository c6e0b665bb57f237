/** Replacement wording for one message: text, or forms by plural category. */
export type MessageValue =
  | string
  | Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other', string>>;

// generated: types (from core/src/options.rs and core/src/i18n/messages.rs by npm run build)
/** Every message the widget shows; see the README for the placeholders each takes. */
export type MessageKey =
  | 'loading'
  | 'position'
  | 'next'
  | 'waitLabel'
  | 'lessThanAMinute'
  | 'aboutMinutes'
  | 'lessThanMinutes'
  | 'rangeMinutes'
  | 'minutes'
  | 'seconds'
  | 'preciseJoin'
  | 'moreThanHours'
  | 'moreThanMinutes'
  | 'stale'
  | 'connecting'
  | 'connectingFlow'
  | 'ended'
  | 'errorTitle'
  | 'errorNotAllowed'
  | 'errorNotFound'
  | 'errorBadRequest'
  | 'callbackPrompt'
  | 'callbackAction'
  | 'selfServicePrompt'
  | 'selfServiceAction'
  | 'callbackNumberLabel'
  | 'callbackConfirm'
  | 'callbackCancel'
  | 'callbackErrorInvalid'
  | 'callbackErrorCountry'
  | 'callbackErrorFailed'
  | 'callbackErrorGone'
  | 'callbackScheduled'
  | 'callbackSoon'
  | 'callbackCalling'
  | 'callbackDone'
  | 'callbackFailed'
  | 'titlePosition'
  | 'notifyAction';

/** Options for {@link mount}; the element's attributes map onto them. */
export interface MountOptions {
  /** The Connect contact to follow (a contact ID or ARN). Nothing happens until it is set. */
  contactId: string;
  /** URL template containing `{contactId}` (percent-encoded in). Default: /v1/contacts/{contactId}/metrics. */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <token>`; minted by your backend for this contact. Default: none. */
  token?: string;
  /** BCP 47 tag; built in: `en`, `es`, `fr`, `de`, `pt`, `ja`, `ar` (right to left). Default: the page's lang, then the browser's languages, then en. */
  locale?: string;
  /** How an estimate is phrased: `approximate` ("about 5 minutes"), `less-than` ("less than 10 minutes"), `range` ("4–6 minutes"), `precise` ("4 minutes 10 seconds"). Default: approximate. */
  ewtStyle?: EwtStyle;
  /** Where the callback offer links (http and https only; anything else is refused with a console error and never rendered). Without it the offer is a "Call me back" button that opens the widget's own form. Default: none. */
  callbackUrl?: string;
  /** Where the self-service offer links (http and https only). Without it the offer is a button that only fires `waitline:self-service`. Default: none. */
  selfServiceUrl?: string;
  /** URL template containing `{contactId}` for callbacks: `POST` with this contact to ask, `GET` with the callback's to follow it. Default: /v1/contacts/{contactId}/callback. */
  callbackEndpoint?: string;
  /** Two-letter country a number typed without its country code is read in. Default: the region of the language tag the widget speaks by (en-GB → GB), else none. */
  callbackCountry?: string;
  /** Base seconds between polls (see Polling in the README). From 1 to 3600. Default: 10. */
  pollSeconds?: number;
  /** Longest wait given as a number; beyond it "more than an hour". From 60 to 86400. Default: 3600. */
  maxWaitSeconds?: number;
  /** Offer a callback when the estimate reaches this many seconds. From 0 to 86400. Default: off. */
  callbackAfterSeconds?: number;
  /** Offer a callback from this position on. From 1 to 100000. Default: off. */
  callbackAfterPosition?: number;
  /** Offer self-service (chatbot, FAQ, help center) when the estimate reaches this many seconds. From 0 to 86400. Default: off. */
  selfServiceAfterSeconds?: number;
  /** Offer self-service from this position on. From 1 to 100000. Default: off. */
  selfServiceAfterPosition?: number;
  /** Screen readers hear changes at most this often; milestones are heard at once. From 0 to 3600. Default: 60. */
  announceEverySeconds?: number;
  /** A request still unanswered after this many seconds is aborted and counts as failed. From 1 to 120. Default: 8. */
  timeoutSeconds?: number;
  /** While the page is hidden, the place in the page's title: `(4th) Support — Example`; the page's own title comes back when it is shown, the wait ends or the widget goes. Only one widget on a page does. A boolean attribute: present means on. Default: off. */
  titlePosition?: boolean;
  /** A "Notify me when I'm next" button: it asks for the browser's permission when clicked, never on load; then one notification when the place reaches 1 while the page is hidden. A boolean attribute. Default: off. */
  notifyNext?: boolean;
  /** Replacement wording (see Languages and wording in the README). Default: built in. */
  messages?: Messages;
}
// end generated: types

export type Messages = Partial<Record<MessageKey, MessageValue>>;

/** How an estimate is phrased: "about 5 minutes", "less than 5 minutes", "4–6 minutes", "4 minutes 10 seconds". */
export type EwtStyle = 'approximate' | 'less-than' | 'range' | 'precise';

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
