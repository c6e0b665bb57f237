// wasm-bindgen's glue carries code for callers and browsers this package never has. Each cut
// below is an exact piece of wasm-bindgen's output; a glue without it (another wasm-bindgen
// version) stops the build rather than ship something half-cut. Together about 220 B gzip.

const CUTS = [
  {
    why: 'initSync is only ever called as initSync({ module }) (src/js/mount.js)',
    from: `    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for \`initSync()\`; pass a single object instead')
        }
    }
`,
    to: '    ({module} = module);\n',
  },
  {
    why: 'every browser with custom elements, private class fields and wasm reference types has TextEncoder.encodeInto',
    from: `if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
`,
    to: '',
  },
  {
    why: 'every call of passStringToWasm0 passes realloc (`holds` counts them)',
    from: `    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

`,
    to: '',
    holds: (glue) => count(glue, /passStringToWasm0\(/g) === count(glue, /passStringToWasm0\([^()]*, wasm\.__wbindgen_realloc\)/g) + 1,
  },
  {
    why: 'Widget is internal to the package, never held by a `using` declaration',
    from: 'if (Symbol.dispose) Widget.prototype[Symbol.dispose] = Widget.prototype.free;\n',
    to: '',
  },
  // The finalization registry frees a Widget the garbage collector finds unreachable. The shell
  // frees every Widget it makes, on every path (view.js; the leak benchmark checks the memory
  // stays flat over 1,000 mounts), so the registry never has anything to do.
  {
    why: 'no finalization registry (see above)',
    from: `const WidgetFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_widget_free(ptr, 1));
`,
    to: '',
  },
  { why: 'no finalization registry', from: '        WidgetFinalization.unregister(this);\n', to: '' },
  { why: 'no finalization registry', from: '        WidgetFinalization.register(this, this.__wbg_ptr, this);\n', to: '' },
];

const count = (text, pattern) => text.match(pattern)?.length ?? 0;

/** `glue` without the pieces above; throws when one is not there exactly once, or when what a
 * cut relies on (`holds`) is not so. */
export function trimGlue(glue) {
  for (const { why, from, to, holds = () => true } of CUTS) {
    const at = glue.indexOf(from);
    if (at < 0 || glue.indexOf(from, at + 1) >= 0) {
      throw new Error(`wasm-bindgen's glue changed: expected exactly one of this (${why}):\n${from}\nsee scripts/lib/glue-trim.mjs`);
    }
    if (!holds(glue)) throw new Error(`wasm-bindgen's glue changed: this cut no longer holds (${why}); see scripts/lib/glue-trim.mjs`);
    glue = glue.slice(0, at) + to + glue.slice(at + from.length);
  }
  if (/WidgetFinalization/.test(glue)) throw new Error('the glue still uses WidgetFinalization; see scripts/lib/glue-trim.mjs');
  return glue;
}
