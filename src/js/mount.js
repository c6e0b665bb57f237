// Programmatic use of the widget, with no side effects: importing this module defines nothing.
import init, { mount as mountWasm } from './waitline_wasm.js';

let loading;

/**
 * Loads and instantiates the widget's WebAssembly once per page. Called for you by `mount()`;
 * call it first only to load the .wasm from somewhere else (a CDN, or a bundler's `?url` import).
 */
export function initialize(wasm) {
  loading ??= init(wasm === undefined ? undefined : { module_or_path: wasm }).catch((error) => {
    loading = undefined; // let a later call try again
    throw error;
  });
  return loading;
}

/**
 * Renders the widget into `element`'s open shadow root and starts polling. Returns at once;
 * `handle.ready` settles when the widget is running (or rejects with a clear error for bad
 * options), and `handle.destroy()` stops it, whether or not it has started yet.
 */
export function mount(element, options = {}) {
  let widget = null;
  let destroyed = false;
  const ready = initialize().then(() => {
    if (!destroyed) widget = mountWasm(element, options);
  });
  return {
    ready,
    destroy() {
      destroyed = true;
      widget?.destroy();
      widget = null;
    },
  };
}
