// Defines <waitline-status>. Importing this module registers the element (a side effect).
import { mount } from './mount.js';

const ATTRIBUTES = ['contact-id', 'endpoint', 'token', 'poll-seconds'];

export class WaitlineStatus extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #handle = null;
  #restartQueued = false;

  connectedCallback() {
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
    const pollSeconds = this.getAttribute('poll-seconds');
    const handle = mount(this, {
      contactId,
      endpoint: this.getAttribute('endpoint') ?? undefined,
      token: this.getAttribute('token') ?? undefined,
      pollSeconds: pollSeconds === null ? undefined : Number(pollSeconds),
    });
    handle.ready.catch((error) => {
      if (this.#handle === handle) console.error(error);
    });
    this.#handle = handle;
  }
}

if (!customElements.get('waitline-status')) {
  customElements.define('waitline-status', WaitlineStatus);
}
