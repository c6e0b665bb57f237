// npm run bench: prints figures, asserts nothing beyond what the tests do.
//   1. requests per contact-minute, fixed 10 s timer vs waitline's schedule (virtual time)
//   2. first figure on screen against the plain-JavaScript yardstick, loopback and mobile (Chromium)
//   3. wasm memory and live timers/listeners after 1,000 mounts and 10,000 poll cycles (Chromium)
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { cargoTargetDir, proxyBinary, root } from './lib/paths.mjs';
import { main, run } from './lib/run.mjs';
import { ensureToolchain } from './lib/toolchain.mjs';
import { buildWidget } from './lib/widget.mjs';
import { ensureBrowser } from './lib/browser.mjs';
import { firstFigureBench } from './lib/first-figure.mjs';

main(async () => {
  const { chrome } = await ensureBrowser();
  await ensureToolchain();
  await run('cargo', ['run', '--quiet', '--release', '-p', 'waitline-core', '--example', 'poll_bench'], { cwd: root });
  await buildWidget();
  await firstFigureBench(chrome);
  await run('cargo', ['build', '-p', 'waitline-proxy'], { cwd: root });
  const json = path.join(cargoTargetDir(), 'memory-bench.json');
  await run(process.execPath, ['--test', '--test-reporter=dot', 'tests/e2e/memory.test.mjs'], {
    cwd: root,
    env: { ...process.env, CHROME_PATH: chrome, WAITLINE_PROXY_BIN: proxyBinary(), WAITLINE_BENCH_JSON: json },
  });
  const figures = JSON.parse(readFileSync(json, 'utf8'));
  const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(`\nmemory after ${figures.mounts} mounts and ${figures.pollCycles} poll cycles (${path.relative(root, json)})`);
  console.log(`  wasm linear memory: ${kib(figures.wasmMemoryBytes.afterWarmup)} after warm-up, ${kib(figures.wasmMemoryBytes.afterMounts)} after the mounts,`);
  console.log(`                      ${kib(figures.wasmMemoryBytes.afterCyclesEarly)} at ${figures.pollCycles / 5 | 0} cycles, ${kib(figures.wasmMemoryBytes.afterCycles)} at ${figures.pollCycles}`);
  console.log(`  live while 100 widgets poll: ${JSON.stringify(figures.liveWhilePolling)}; at the end: ${JSON.stringify(figures.liveAtEnd)} (baseline ${JSON.stringify(figures.liveAtBaseline)})`);
  const t = figures.externrefTableSlots;
  console.log(`  externref table: ${t.afterWarmup} slots after warm-up, ${t.afterMounts} after the mounts, ${t.afterCyclesEarly} → ${t.afterCycles} over the cycles`);
  const h = figures.jsHeapBytesAfterGc;
  console.log(`  JS heap after GC: ${kib(h.afterWarmup)} after warm-up, ${kib(h.afterMounts)} after the mounts, ${kib(h.afterCyclesEarly)} → ${kib(h.afterCycles)} over the cycles`);
});
