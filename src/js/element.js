// Defines <waitline-status>. Importing this module registers the element (a side effect).
import { mount } from './mount.js';
import { FLAG_OPTIONS, NUMBER_OPTIONS, STRING_OPTIONS } from './contract.js';

// The mount() options the element reads from attributes, generated from core/src/options.rs
// at build time. `layout` is not among them: it only changes CSS. Each attribute is its
// option's name in kebab case (`contactId` → `contact-id`).
const attribute = (option) => option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const ATTRIBUTES = [...STRING_OPTIONS, ...NUMBER_OPTIONS, ...FLAG_OPTIONS].map(attribute);

export class WaitlineStatus extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  /** @type {import('./mount.js').WaitlineHandle | null} */
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
    /** @type {import('./mount.js').MountOptions} */
    const options = { contactId, messages: this.#messages };
    for (const option of STRING_OPTIONS) {
      options[option] = this.getAttribute(attribute(option)) ?? undefined;
    }
    for (const option of NUMBER_OPTIONS) {
      const value = this.getAttribute(attribute(option));
      // A non-numeric value becomes NaN, which mount() rejects with a clear message.
      options[option] = value === null || value.trim() === '' ? undefined : Number(value);
    }
    for (const option of FLAG_OPTIONS) options[option] = this.hasAttribute(attribute(option));
    const handle = mount(this, options);
    handle.ready.catch((error) => {
      if (this.#handle !== handle) return;
      console.error(error);
      this.dispatchEvent(
        new CustomEvent('waitline:error', {
          bubbles: true,
          composed: true,
          detail: { code: error.code ?? 'InvalidOptions', message: error.message, retrying: false },
        }),
      );
    });
    this.#handle = handle;
  }
}

if (!customElements.get('waitline-status')) {
  customElements.define('waitline-status', WaitlineStatus);
}
