// Starts the real proxy binary for a test, on a free port, and stops it afterwards.
import { spawn } from 'node:child_process';
import { proxyBinary, root } from '../../../scripts/lib/paths.mjs';

export async function startProxy(args = []) {
  const binary = process.env.WAITLINE_PROXY_BIN ?? proxyBinary();
  const child = spawn(binary, ['--listen', '127.0.0.1:0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`proxy did not start in 10 s:\n${stderr}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
