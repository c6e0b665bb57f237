// wasm-bindgen names every import after its JS function plus a 16-digit hash
// (`__wbg_set_textContent_0177b2a6d9293c2c`), and each name is shipped twice: in the wasm's
// import section and as a key of the glue's import object. Hashes do not compress, so they cost
// about 4 KB gzip. wasm-opt's --minify-imports-and-exports-and-modules renames them to one or
// two letters and prints the mapping; this applies the same mapping to the glue. wasm-bindgen
// has no option for it, and nothing else reads these names: the package's public API is the JS
// around them.

const GLUE_MODULE = './waitline_wasm_bg.js';

/**
 * Returns `glue` (wasm-bindgen's --target web output) rewritten for a wasm whose imports and
 * exports wasm-opt renamed as `names` says. Throws, rather than ship a module that cannot
 * instantiate, when the glue does not have the shape this expects.
 */
export function renameWasmNames(glue, names, module) {
  const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  if (modules.size !== 1) throw new Error(`expected one import module after minifying, got ${[...modules].join(', ')}`);
  const [minifiedModule] = modules;

  // The glue's own imports are keys of `import0`; the others come from snippet modules, which
  // are ES module namespaces (not renamable), so they are re-exposed under their new names.
  const returned = glue.match(/return \{\n\s*__proto__: null,\n((?:\s*"[^"]+": import\d+,\n)+)\s*\};/);
  if (!returned) throw new Error('the glue no longer returns its imports as expected; see scripts/lib/wasm-names.mjs');
  const variables = new Map([...returned[1].matchAll(/"([^"]+)": (import\d+)/g)].map((m) => [m[1], m[2]]));
  const extra = [];
  for (const [from, name, renamed] of names.imports) {
    if (from === GLUE_MODULE) glue = replaceOnce(glue, new RegExp(`(\\n\\s*)${escape(name)}(: function)`), (_, before, after) => before + renamed + after, name);
    else if (variables.has(from)) extra.push(`${JSON.stringify(renamed)}: ${variables.get(from)}[${JSON.stringify(name)}]`);
    else throw new Error(`import ${name} comes from ${from}, which the glue does not provide`);
  }
  glue = glue.replace(returned[0], () => `return { __proto__: null, ${JSON.stringify(minifiedModule)}: Object.assign(${variables.get(GLUE_MODULE)}, { ${extra.join(', ')} }) };`);

  for (const [name, renamed] of names.exports) {
    glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g'), () => `wasm.${renamed}`);
  }
  return glue;
}

function replaceOnce(text, pattern, replacement, name) {
  const global = new RegExp(pattern.source, 'g');
  const count = [...text.matchAll(global)].length;
  if (count !== 1) throw new Error(`expected the import ${name} once in the glue, found it ${count} times`);
  return text.replace(pattern, replacement);
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
