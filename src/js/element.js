// Defines <waitline-status>. Importing this module registers the element (a side effect).
import { mount } from './mount.js';

// Attribute → mount() option. `layout` is not here: it only changes CSS.
const STRING_OPTIONS = {
  'contact-id': 'contactId',
  endpoint: 'endpoint',
  token: 'token',
  locale: 'locale',
  'ewt-style': 'ewtStyle',
  'callback-url': 'callbackUrl',
  'self-service-url': 'selfServiceUrl',
};
const NUMBER_OPTIONS = {
  'poll-seconds': 'pollSeconds',
  'max-wait-seconds': 'maxWaitSeconds',
  'callback-after-seconds': 'callbackAfterSeconds',
  'callback-after-position': 'callbackAfterPosition',
  'self-service-after-seconds': 'selfServiceAfterSeconds',
  'self-service-after-position': 'selfServiceAfterPosition',
  'announce-every-seconds': 'announceEverySeconds',
  'timeout-seconds': 'timeoutSeconds',
};
const ATTRIBUTES = [...Object.keys(STRING_OPTIONS), ...Object.keys(NUMBER_OPTIONS)];

export class WaitlineStatus extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #handle = null;
  #restartQueued = false;
  #messages = undefined;

  /** Replacement wording: `{ key: "text" }` or `{ key: { one: "…", other: "…" } }`. */
  get messages() {
    return this.#messages;
  }

  set messages(value) {
    this.#messages = value ?? undefined;
    this.#queueRestart();
  }

  connectedCallback() {
    // A page may set `messages` before this module loads; that own property would hide the
    // accessor, so take its value and remove it.
    if (Object.hasOwn(this, 'messages')) {
      const value = this.messages;
      delete this.messages;
      this.messages = value;
    }
    this.#queueRestart();
  }

  disconnectedCallback() {
    this.#stop();
  }

  attributeChangedCallback(_name, before, after) {
    if (before !== after) this.#queueRestart();
  }

  // Several attributes often change together (and all of them arrive at upgrade time):
  // restart once, after the current task's changes are in.
  #queueRestart() {
    if (this.#restartQueued) return;
    this.#restartQueued = true;
    queueMicrotask(() => {
      this.#restartQueued = false;
      if (this.isConnected) this.#restart();
    });
  }

  #stop() {
    this.#handle?.destroy();
    this.#handle = null;
  }

  #restart() {
    this.#stop();
    const contactId = this.getAttribute('contact-id');
    if (!contactId) return; // nothing to follow yet; set contact-id to start
    const options = { messages: this.#messages };
    for (const [attribute, option] of Object.entries(STRING_OPTIONS)) {
      options[option] = this.getAttribute(attribute) ?? undefined;
    }
    for (const [attribute, option] of Object.entries(NUMBER_OPTIONS)) {
      const value = this.getAttribute(attribute);
      // A non-numeric value becomes NaN, which mount() rejects with a clear message.
      options[option] = value === null || value.trim() === '' ? undefined : Number(value);
    }
    const handle = mount(this, options);
    handle.ready.catch((error) => {
      if (this.#handle !== handle) return;
      console.error(error);
      this.dispatchEvent(
        new CustomEvent('waitline:error', {
          bubbles: true,
          composed: true,
          detail: { code: 'InvalidOptions', message: error.message, retrying: false },
        }),
      );
    });
    this.#handle = handle;
  }
}

if (!customElements.get('waitline-status')) {
  customElements.define('waitline-status', WaitlineStatus);
}
