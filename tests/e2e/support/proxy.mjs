// Starts the real proxy binary for a test, on a free port, and stops it afterwards.
import { spawn } from 'node:child_process';
import { proxyBinary, root } from '../../../scripts/lib/paths.mjs';

export async function startProxy(args = []) {
  const binary = process.env.WAITLINE_PROXY_BIN ?? proxyBinary();
  const child = spawn(binary, ['--listen', '127.0.0.1:0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const { url, connectUrl, participantUrl } = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      // Killed, or the orphan's pipes would keep this test process alive forever.
      child.kill('SIGKILL');
      reject(new Error(`proxy did not start in 10 s (an older binary, without the Participant Service line?):\n${stderr}`));
    }, 10_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // The simulator's line comes right after the proxy's, in simulator mode.
      const match = stdout.match(/listening on (http:\/\/\S+)\n(?:simulated Amazon Connect endpoint: (http:\/\/\S+))?/);
      // ...and the Participant Service's after it, whole (up to its newline).
      const participant = stdout.match(/\nsimulated Participant Service endpoint: (http:\/\/\S+)\n/);
      if (match && (match[2] ? participant : /\nAmazon Connect instance/.test(stdout))) {
        clearTimeout(timer);
        resolve({ url: match[1], connectUrl: match[2], participantUrl: participant?.[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    /** The simulated Amazon Connect endpoint, for AWS SDKs (simulator mode only). */
    connectUrl,
    /** The simulated Participant Service, for chatjs's `setGlobalConfig` (simulator mode only). */
    participantUrl,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
