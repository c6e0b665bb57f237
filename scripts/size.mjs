// npm run size: what the shipped wasm holds, so a change can see what it costs. Builds the wasm
// as `npm run build` does but keeps the name section (wasm-bindgen --keep-debug, wasm-opt -g),
// then groups twiggy's per-item sizes by crate and cause. twiggy comes from crates.io.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cargoTargetDir, root } from './lib/paths.mjs';
import { main, output, run } from './lib/run.mjs';
import { ensureToolchain } from './lib/toolchain.mjs';
import { gzipSync } from 'node:zlib';
import { SHIPPED_WASM_OPT_FLAGS, WASM_OPT_FLAGS, buildWasm, shippedSizes } from './lib/widget.mjs';

const TOP = Number(process.env.TOP ?? 25);

main(async () => {
  await ensureToolchain();
  if (output('twiggy', ['--version']) === null) await run('cargo', ['install', 'twiggy', '--version', '0.8.0']);
  const wasm = await buildWasm();
  const dir = path.join(cargoTargetDir(), 'size-analysis');
  mkdirSync(dir, { recursive: true });
  await run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', dir, '--out-name', 'named', wasm]);
  const named = path.join(dir, 'named_bg.wasm');
  const optimized = path.join(dir, 'named_opt.wasm');
  await run(path.join(root, 'node_modules', '.bin', 'wasm-opt'), [...WASM_OPT_FLAGS, '-g', named, '-o', optimized]);
  const csv = output('twiggy', ['top', '-n', '1000000', '-f', 'csv', optimized], { maxBuffer: 1 << 28 });
  if (csv === null) throw new Error('twiggy failed');
  const items = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [name, size] = parseCsvLine(line);
      return { name, size: Number(size) };
    })
    .filter(({ name }) => !name.startsWith('Σ') && !name.includes('"function names" subsection') && !name.includes('"data names"'));
  const groups = new Map();
  for (const item of items) groups.set(cause(item.name), (groups.get(cause(item.name)) ?? 0) + item.size);
  const total = items.reduce((sum, { size }) => sum + size, 0);
  console.log(`\nwasm after wasm-opt, names excluded: ${total} B (${path.relative(root, optimized)})\n\nby crate or cause:`);
  for (const [group, size] of [...groups].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${String(size).padStart(7)} B  ${group}`);
  }
  console.log(`\nlargest ${TOP} items:`);
  for (const { name, size } of items.sort((a, b) => b.size - a.size).slice(0, TOP)) {
    console.log(`  ${String(size).padStart(7)} B  ${name.slice(0, 110)}`);
  }
  await coreAlone(dir);
});

/**
 * The core on its own (scripts/size-probe: settings, session, catalog and the seven languages
 * driven through one export, built and optimised as the shipped wasm is), against the shipped
 * wasm in dist/: the difference is what the browser layer (src/) costs.
 */
async function coreAlone(dir) {
  await run('cargo', ['build', '--lib', '-p', 'waitline-size-probe', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm-release'], { cwd: root });
  const built = path.join(cargoTargetDir(), 'wasm32-unknown-unknown', 'wasm-release', 'waitline_size_probe.wasm');
  await run('wasm-bindgen', ['--target', 'web', '--out-dir', dir, '--out-name', 'probe', built]);
  const optimized = path.join(dir, 'probe_opt.wasm');
  await run(path.join(root, 'node_modules', '.bin', 'wasm-opt'), [...SHIPPED_WASM_OPT_FLAGS, path.join(dir, 'probe_bg.wasm'), '-o', optimized], { stdio: ['ignore', 'ignore', 'inherit'] });
  const core = gzipSync(readFileSync(optimized), { level: 9 }).length;
  const shipped = shippedSizes().find((row) => row.file.endsWith('.wasm'));
  console.log(`\nthe core alone (scripts/size-probe, gzip -9): ${core} B of wasm`);
  if (shipped) {
    console.log(`the shipped wasm (dist/, gzip -9): ${shipped.gzip} B, so the browser layer (src/) and its share of wasm-bindgen cost ${shipped.gzip - core} B`);
  } else {
    console.log('(run npm run build first to compare with the shipped wasm)');
  }
}

/** Where an item's bytes come from: a crate, or a cause that spans crates. */
function cause(name) {
  if (name.startsWith('data segment') || name.startsWith('data[')) return 'data (strings, tables)';
  if (name.startsWith('import ')) return 'imports (names of the JS functions the wasm calls)';
  if (name.startsWith('export ') || name.startsWith('elem') || name.startsWith('type[') || name.startsWith('table')) return 'exports, types and tables';
  if (/fmt|panic|slice_error|index_fail|unicode/.test(name)) return 'panics and core::fmt';
  if (/externref shim|^mount /.test(name)) return 'waitline (inlined into exported shims)';
  const crate = name.match(/^<?\s*&?(?:mut )?(?:dyn )?([A-Za-z_][A-Za-z0-9_]*)/)?.[1] ?? name;
  return crate.replace(/\[[0-9a-f]+\]$/, '');
}

function parseCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') (cell += '"'), i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) cells.push(cell), (cell = '');
    else cell += c;
  }
  cells.push(cell);
  return cells;
}
