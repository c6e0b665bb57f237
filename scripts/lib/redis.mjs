// Finds redis-server for the proxy's shared-store tests (proxy/tests/store.rs, replicas.rs),
// installs Debian's package when it is missing and this user may (root, or passwordless sudo),
// as browser.mjs does for Chromium. Without it those tests skip loudly, or fail under CI.
import { existsSync } from 'node:fs';
import { output, run } from './run.mjs';

function which(name) {
  return output('sh', ['-c', `command -v ${name}`])?.trim() || null;
}

function findRedis() {
  if (process.env.REDIS_SERVER) return existsSync(process.env.REDIS_SERVER) ? process.env.REDIS_SERVER : null;
  return which('redis-server') || (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null);
}

/** What runs apt-get without a password prompt; null when there is no apt-get or no right to use it. */
function aptPrefix() {
  if (!which('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (output('sudo', ['-n', 'true']) !== null) return ['sudo', '-n'];
  return null;
}

/**
 * redis-server's path, installed with apt first where it is missing and can be. When it cannot
 * be: an error under CI (the tests would fail anyway), else a warning and null (they skip).
 */
export async function ensureRedis() {
  const found = findRedis();
  if (found) return found;
  const prefix = aptPrefix();
  if (prefix === null || process.env.REDIS_SERVER) {
    const message =
      `The shared-store tests need redis-server${process.env.REDIS_SERVER ? ` (REDIS_SERVER=${process.env.REDIS_SERVER} does not exist)` : ''}.\n` +
      '  Debian/Ubuntu: sudo apt-get install -y redis-server\n' +
      '  Or point REDIS_SERVER at a redis-server (or valkey-server) binary.';
    if (process.env.CI && process.env.CI !== 'false') throw new Error(message);
    console.warn(`WARNING: ${message}\n  Without it those tests skip.`);
    return null;
  }
  console.log('redis-server is missing: installing redis-server with apt…');
  const [command, ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
  const apt = (...args) => run(command, [...rest, ...args]);
  await apt('update', '-qq');
  await apt('install', '-y', '-qq', '--no-install-recommends', 'redis-server');
  const installed = findRedis();
  if (!installed) throw new Error('apt-get installed redis-server, but it is not on the PATH');
  return installed;
}
