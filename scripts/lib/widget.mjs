// Builds the npm package into dist/: the wasm (named size profile), its JS glue
// (wasm-bindgen --target web), wasm-opt from npm's binaryen, and the hand-written modules.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cargoTargetDir, dist, root } from './paths.mjs';
import { run, runCapture } from './run.mjs';
import { trimGlue } from './glue-trim.mjs';
import { renameWasmNames } from './wasm-names.mjs';
import { minifyCss } from './css.mjs';

const PROFILE = 'wasm-release';
const OUT_NAME = 'waitline_wasm';

/**
 * wasm-opt's flags for the shipped wasm: smallest size, the features wasm-bindgen's output uses.
 * Measured with gzip -9 (each step against the one before): `-Oz` twice rather than once,
 * -110 B; a flatten and rereloop round (part of binaryen's -O4 pipeline), -150 B;
 * `--low-memory-unused`, -250 B. That last one lets wasm-opt fold pointer arithmetic into load
 * and store offsets on the promise that nothing lives below address 1024. It holds here: lld
 * puts the 64 KiB stack at the bottom of memory (data starts at 65536, see .cargo/config.toml),
 * so only a call chain 63 KiB deep would reach it, and the widget's deepest uses a few KiB.
 * Last, `--reorder-functions`, -120 B: a call names its callee by index in a LEB128, one byte
 * below 128 and two above, so the most-called functions go first.
 */
export const WASM_OPT_FLAGS = ['--low-memory-unused', '-Oz', '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', '--reorder-functions', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

/**
 * The shipped wasm's flags on top: import and export names minified (the glue is rewritten to
 * match, see wasm-names.mjs), and metadata no browser reads dropped (the toolchain's names and
 * the feature list; features are enabled by the flags above, not read from the section).
 */
export const SHIPPED_WASM_OPT_FLAGS = [...WASM_OPT_FLAGS, '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features'];

/** Compiles the widget crate to wasm (the named size profile); returns the .wasm's path. */
export async function buildWasm() {
  await run('cargo', ['build', '--lib', '-p', 'waitline', '--features', 'shipped', '--target', 'wasm32-unknown-unknown', '--profile', PROFILE], {
    cwd: root,
  });
  return path.join(cargoTargetDir(), 'wasm32-unknown-unknown', PROFILE, 'waitline.wasm');
}

export async function buildWidget() {
  const wasm = await buildWasm();
  rmSync(dist, { recursive: true, force: true });
  const staging = path.join(cargoTargetDir(), 'package-staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await run('wasm-bindgen', ['--target', 'web', '--out-dir', staging, '--out-name', OUT_NAME, wasm]);
  mkdirSync(dist, { recursive: true });
  const bg = path.join(dist, `${OUT_NAME}_bg.wasm`);
  // binaryen from npm: Debian's older wasm-opt corrupts wasm-bindgen's externref table.
  const names = await runCapture(path.join(root, 'node_modules', '.bin', 'wasm-opt'), [
    ...SHIPPED_WASM_OPT_FLAGS,
    path.join(staging, `${OUT_NAME}_bg.wasm`),
    '-o',
    bg,
  ]);
  const glue = path.join(staging, `${OUT_NAME}.js`);
  writeFileSync(glue, renameWasmNames(trimGlue(readFileSync(glue, 'utf8')), JSON.parse(names), new WebAssembly.Module(readFileSync(bg))));
  const js = path.join(root, 'src', 'js');
  for (const file of readdirSync(js)) copyFileSync(path.join(js, file), path.join(staging, file));
  // The stylesheet, in the one module with the shell that adopts it: in the wasm it compressed
  // 66 B worse, beside nothing that looks like it.
  const css = minifyCss(readFileSync(path.join(root, 'src', 'widget.css'), 'utf8'));
  writeFileSync(path.join(staging, 'styles.js'), `export default ${JSON.stringify(css)};\n`);
  // Every copy of the core's contracts: the element's option lists and the language packs'
  // loaders (contract.js), the packs, which the bundle splits out as chunks of their own
  // (dist/locales/), and the README's and mount.d.ts's generated regions, in place.
  await run('cargo', ['run', '--quiet', '-p', 'waitline-core', '--example', 'generate', '--', staging, root], { cwd: root });
  await bundle(staging);
  for (const file of readdirSync(js).filter((f) => f.endsWith('.d.ts'))) copyFileSync(path.join(js, file), path.join(dist, file));
  printSizes();
}

/**
 * One minified module, `index.js`, holding the element, mount() and wasm-bindgen's glue: a page
 * learns of the wasm and starts the first request after one module download, not a chain of
 * four. `mount.js` and `element.js` re-export from it, so every entry shares one instance.
 */
async function bundle(staging) {
  const { rolldown } = await import('rolldown');
  const build = await rolldown({ input: path.join(staging, 'index.js'), logLevel: 'warn' });
  await build.write({ dir: dist, entryFileNames: 'index.js', chunkFileNames: 'locales/[name].js', format: 'esm', minify: true });
  await build.close();
  writeFileSync(path.join(dist, 'mount.js'), "export { initialize, mount } from './index.js';\n");
  writeFileSync(path.join(dist, 'element.js'), "export { WaitlineStatus } from './index.js';\n");
  // The chat adapters, minified on their own: `./index.js` stays an import, so `waitline/chat`
  // shares the one instance (and the one registered element) with every other entry, and pages
  // without a chat never download it.
  const chat = await rolldown({ input: path.join(staging, 'chat.js'), external: ['./index.js'], logLevel: 'warn' });
  await chat.write({ file: path.join(dist, 'chat.js'), format: 'esm', minify: true });
  await chat.close();
}

/** The files every page downloads for `import 'waitline'`: the one module and the wasm. */
const SHIPPED = ['index.js', `${OUT_NAME}_bg.wasm`];
/** ...and for `import 'waitline/chat'`: those and the chat adapters. */
const SHIPPED_CHAT = [...SHIPPED, 'chat.js'];

const sizeOf = (file) => {
  const bytes = readFileSync(path.join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};

/**
 * The bytes a page downloads for the widget (or with `SHIPPED_CHAT`, for the chat entry), per
 * file, raw and gzip -9: the modules, the wasm, and the largest language pack (a page loads
 * the one of the language it speaks, English's too); the total is the most any page downloads.
 */
export function shippedSizes(files = SHIPPED) {
  const packs = readdirSync(path.join(dist, 'locales')).map((file) => sizeOf(path.join('locales', file)));
  const largest = packs.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const rows = [...files.map(sizeOf), { ...largest, file: `${largest.file} (largest language pack)` }];
  const total = rows.reduce((sum, r) => ({ file: 'total', raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return [...rows, total];
}

export function sizeBudget() {
  return JSON.parse(readFileSync(path.join(root, 'size-budget.json'), 'utf8'));
}

/** Throws when the built package ships more than the budget allows. */
export function checkSizeBudget() {
  const shipped = shippedSizes().at(-1).gzip;
  const { limitBytes, ceilingBytes } = sizeBudget();
  if (!(limitBytes <= ceilingBytes)) throw new Error(`size-budget.json: limitBytes ${limitBytes} is above ceilingBytes ${ceilingBytes}`);
  if (shipped > limitBytes) {
    throw new Error(`The widget ships ${shipped} B gzip -9, over the ${limitBytes} B budget in size-budget.json (npm run size shows where the bytes are)`);
  }
  console.log(`Within the size budget: ${shipped} B of ${limitBytes} B.`);
  // A page with a chat downloads the chat adapters too, within the ceiling the issues set for
  // the features after the widget (callbacks, chat).
  const chat = shippedSizes(SHIPPED_CHAT).at(-1).gzip;
  if (chat > ceilingBytes) {
    throw new Error(`import 'waitline/chat' downloads ${chat} B gzip -9, over the ${ceilingBytes} B ceiling in size-budget.json (npm run size shows where the bytes are)`);
  }
  console.log(`import 'waitline/chat': ${chat} B of ${ceilingBytes} B.`);
}

function printSizes() {
  const { limitBytes, ceilingBytes } = sizeBudget();
  console.log("\nShipped size (what a page downloads for `import 'waitline'`):");
  const print = (rows) => {
    for (const { file, raw, gzip } of rows) {
      console.log(`  ${file.padEnd(40)} ${String(raw).padStart(8)} B raw ${String(gzip).padStart(8)} B gzip -9`);
    }
  };
  print(shippedSizes());
  console.log("What a page downloads for `import 'waitline/chat'`:");
  print(shippedSizes(SHIPPED_CHAT));
  console.log(`  budget: ${limitBytes} B (size-budget.json), ceiling for later features ${ceilingBytes} B`);
}
