/**
 * `<waitline-status contact-id="…" token="…" endpoint="…" poll-seconds="…">`: shows one
 * contact's position in queue and estimated wait. Removing it from the DOM stops it.
 */
export declare class WaitlineStatus extends HTMLElement {
  static readonly observedAttributes: string[];
}

declare global {
  interface HTMLElementTagNameMap {
    'waitline-status': WaitlineStatus;
  }
}
