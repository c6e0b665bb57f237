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
