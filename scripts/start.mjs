// npm start: installs what is missing, builds the widget and the proxy, and serves the demo
// pages (the support page and the chat window) with the simulated queue and chat. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { buildWidget } from './lib/widget.mjs';
import { ensureToolchain } from './lib/toolchain.mjs';
import { proxyBinary, root } from './lib/paths.mjs';
import { main, run } from './lib/run.mjs';

main(async () => {
  await ensureToolchain();
  await buildWidget();
  await run('cargo', ['build', '-p', 'waitline-proxy'], { cwd: root });
  // Extra arguments go to the proxy: npm start -- --listen 0.0.0.0:8080 --sim-time-scale 30
  // Text logs: a person reads them in this terminal (production defaults to JSON).
  const proxy = spawn(proxyBinary(), ['--log-format', 'text', ...process.argv.slice(2)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  proxy.stdout.setEncoding('utf8');
  proxy.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = chunk.match(/listening on (http:\/\/\S+)/)?.[1];
    if (url) {
      console.log(`\n  Open ${url}/ to see the widget follow a simulated contact,`);
      console.log(`  or ${url}/chat.html to chat with a simulated agent, waitline counting down until they join.\n  Ctrl-C stops.\n`);
    }
  });
  const stop = () => proxy.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise((resolve, reject) =>
    proxy.on('exit', (code, signal) =>
      code === 0 || signal ? resolve() : reject(new Error(`waitline-proxy exited with code ${code}`)),
    ),
  );
});
