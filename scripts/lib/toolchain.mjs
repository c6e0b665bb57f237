// Installs what the build needs when it is missing: the wasm32 target, the wasm-bindgen CLI at
// exactly the version in Cargo.lock, and the npm dev dependencies.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './paths.mjs';
import { output, run } from './run.mjs';

const WASM_TARGET = 'wasm32-unknown-unknown';

export async function ensureToolchain() {
  await ensureNodeModules();
  await ensureWasmTarget();
  await ensureWasmBindgen();
}

async function ensureNodeModules() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing npm dev dependencies…');
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root });
}

async function ensureWasmTarget() {
  const installed = output('rustup', ['target', 'list', '--installed']);
  if (installed === null) {
    // Without rustup (a distro Rust), the target must be present already; cargo will say so.
    return;
  }
  if (installed.split('\n').includes(WASM_TARGET)) return;
  console.log(`Adding the ${WASM_TARGET} Rust target…`);
  await run('rustup', ['target', 'add', WASM_TARGET]);
}

/** The wasm-bindgen crate version Cargo.lock pins; the CLI must match it exactly. */
export function wasmBindgenVersion() {
  const lock = readFileSync(path.join(root, 'Cargo.lock'), 'utf8');
  const match = lock.match(/\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!match) throw new Error('Cargo.lock has no wasm-bindgen package');
  return match[1];
}

async function ensureWasmBindgen() {
  const wanted = wasmBindgenVersion();
  const found = output('wasm-bindgen', ['--version'])?.trim().split(' ')[1];
  const runner = output('wasm-bindgen-test-runner', ['--version'])?.trim().split(' ')[1];
  if (found === wanted && runner === wanted) return;
  console.log(
    `Installing wasm-bindgen-cli ${wanted} (found ${found ?? 'none'}); this compiles from crates.io and takes a few minutes…`,
  );
  // Not --locked: one of the CLI's locked dependencies is no longer on the registry.
  await run('cargo', ['install', 'wasm-bindgen-cli', '--version', wanted, '--force']);
}
