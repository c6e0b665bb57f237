// Programmatic use of the widget. The first request starts here, at once, while the wasm is
// still loading: the customer's figure waits for whichever is slower, not for both in turn.
import { initSync } from './waitline_wasm.js';
import { headersFor, view } from './view.js';
import { childOf } from './lifetime.js';
import { preloadLanguage } from './language.js';
import { DEFAULT_ENDPOINT } from './contract.js';

let loading;

// Compiles the wasm while it downloads (where the server sends it as application/wasm, else
// after), then instantiates it. Written here rather than wasm-bindgen's default loader, whose
// compatibility paths and warnings cost the package more than this does.
/** @param {any} [source] a WasmSource (mount.d.ts), or a promise of one */
async function load(source = new URL('waitline_wasm_bg.wasm', import.meta.url)) {
  source = await source;
  if (typeof source === 'string' || source instanceof URL || source instanceof Request) source = await fetch(source);
  if (source instanceof Response) {
    if (!source.ok) throw new Error(`waitline: cannot load its wasm: HTTP ${source.status} from ${source.url}`);
    const copy = source.clone();
    source = await WebAssembly.compileStreaming(source).catch(async () => WebAssembly.compile(await copy.arrayBuffer()));
  }
  return initSync({ module: source }); // a compiled Module, or the bytes (BufferSource); the exports
}

/**
 * Loads and instantiates the widget's WebAssembly once per page. Called for you by `mount()`;
 * call it first only to load the .wasm from somewhere else (a CDN, or a bundler's `?url` import).
 */
export function initialize(wasm) {
  loading ??= load(wasm).catch((error) => {
    loading = undefined; // let a later call try again
    error.code = 'LoadFailed';
    throw error;
  });
  return loading;
}

// The URL as core/src/settings.rs builds it (RFC 3986 unreserved characters kept, all else
// percent-encoded). The wasm uses this request only if its own URL and token are the same, so a
// difference costs a second request, never a wrong answer.
const encode = (id) => encodeURIComponent(id).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** @param {AbortSignal} signal the mount's: its end aborts the request */
function prefetch(options, signal) {
  const text = (value) => (typeof value === 'string' ? value.trim() : '');
  const id = text(options?.contactId);
  const endpoint = text(options?.endpoint) || DEFAULT_ENDPOINT;
  if (!id || !endpoint.includes('{contactId}') || document.hidden || !navigator.onLine) return undefined;
  const url = endpoint.replaceAll('{contactId}', encode(id));
  const token = text(options.token) || undefined;
  const controller = childOf(signal);
  try {
    const response = fetch(new Request(url, { headers: headersFor(token, false, true), signal: controller.signal }));
    response.catch(() => {}); // read (or abandoned) by the wasm
    return { url, token, response, controller };
  } catch {
    return undefined; // a URL or token the browser refuses: the wasm says why
  }
}

// The browser loads Intl's number data on first use (17 ms on a fast desktop, four times that on
// a phone): done here, while the wasm and the first answer are on the network, instead of when
// the widget first writes a position.
let intlWarm;
const warmIntl = () => (intlWarm ??= new Intl.NumberFormat().format(0));

/**
 * Renders the widget into `element`'s open shadow root and starts polling. Returns at once;
 * `handle.ready` settles when the widget is running (or rejects with a clear error for bad
 * options), and `handle.destroy()` stops it, whether or not it has started yet.
 */
export function mount(element, options = {}) {
  // The mount's one AbortController: destroy() aborts it, and with it every request, listener
  // and timer the widget holds, whether or not it has started yet.
  const lifetime = new AbortController();
  const first = prefetch(options, lifetime.signal);
  const loaded = initialize();
  preloadLanguage(options);
  warmIntl();
  // On any failure, loading or starting, the first request goes too.
  const ready = loaded
    .then(() => (lifetime.signal.aborted ? undefined : view(element, options, first, lifetime.signal)))
    .catch((error) => {
      first?.controller.abort();
      throw error;
    });
  return { ready, destroy: () => lifetime.abort() };
}
