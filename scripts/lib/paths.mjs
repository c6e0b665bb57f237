// Where things are: the repository, cargo's target directory (which CI moves outside the clone).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { output } from './run.mjs';

export const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const dist = path.join(root, 'dist');

let targetDir;
/** Cargo's target directory, honouring CARGO_TARGET_DIR and .cargo/config. */
export function cargoTargetDir() {
  if (targetDir) return targetDir;
  const metadata = output('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: root });
  if (metadata === null) throw new Error('`cargo metadata` failed: is Rust installed (https://rustup.rs)?');
  targetDir = JSON.parse(metadata).target_directory;
  return targetDir;
}

export const proxyBinary = () =>
  path.join(cargoTargetDir(), 'debug', process.platform === 'win32' ? 'waitline-proxy.exe' : 'waitline-proxy');
