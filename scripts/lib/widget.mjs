// Builds the npm package into dist/: the wasm (named size profile), its JS glue
// (wasm-bindgen --target web), wasm-opt from npm's binaryen, and the hand-written modules.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cargoTargetDir, dist, root } from './paths.mjs';
import { run } from './run.mjs';

const PROFILE = 'wasm-release';
const OUT_NAME = 'waitline_wasm';

export async function buildWidget() {
  await run('cargo', ['build', '--lib', '-p', 'waitline', '--target', 'wasm32-unknown-unknown', '--profile', PROFILE], {
    cwd: root,
  });
  const wasm = path.join(cargoTargetDir(), 'wasm32-unknown-unknown', PROFILE, 'waitline.wasm');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await run('wasm-bindgen', ['--target', 'web', '--out-dir', dist, '--out-name', OUT_NAME, wasm]);
  const bg = path.join(dist, `${OUT_NAME}_bg.wasm`);
  // binaryen from npm: Debian's older wasm-opt corrupts wasm-bindgen's externref table.
  await run(path.join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', bg, '-o', bg]);
  rmSync(path.join(dist, `${OUT_NAME}_bg.wasm.d.ts`), { force: true });
  const js = path.join(root, 'src', 'js');
  for (const file of readdirSync(js)) copyFileSync(path.join(js, file), path.join(dist, file));
  printSizes();
}

/** The bytes a page downloads for the widget, raw and gzip -9. */
export function shippedSizes() {
  const shipped = readdirSync(dist).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
  const rows = shipped.map((file) => {
    const bytes = readFileSync(path.join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = rows.reduce((sum, r) => ({ file: 'total', raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return [...rows, total];
}

function printSizes() {
  console.log('\nShipped size (what a page downloads):');
  for (const { file, raw, gzip } of shippedSizes()) {
    console.log(`  ${file.padEnd(24)} ${String(raw).padStart(8)} B raw ${String(gzip).padStart(8)} B gzip`);
  }
}
