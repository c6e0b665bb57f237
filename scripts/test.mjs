// npm test: every test, in order of cost. Exits non-zero on the first failure.
//   1. formatting, lints (native and wasm32) and the API docs' links
//   2. native tests for the whole workspace (cargo test)
//   3. the widget in headless Chromium (wasm-bindgen-test)
//   4. end-to-end: the built package and the real proxy in Chromium (node --test)
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHROME_ARGS, ensureBrowser } from './lib/browser.mjs';
import { cargoTargetDir, proxyBinary, root } from './lib/paths.mjs';
import { main, run } from './lib/run.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { ensureToolchain } from './lib/toolchain.mjs';
import { importCycles } from './lib/import-cycles.mjs';
import { buildWidget, checkSizeBudget } from './lib/widget.mjs';

const timings = [];
async function step(name, fn) {
  console.log(`\n=== ${name}`);
  const started = performance.now();
  await fn();
  timings.push([name, (performance.now() - started) / 1000]);
}

/** Every end-to-end test file, by explicit path, in a stable order. */
function e2eTestFiles() {
  const dir = path.join('tests', 'e2e');
  return readdirSync(path.join(root, dir))
    .filter((file) => file.endsWith('.test.mjs'))
    .sort()
    .map((file) => path.join(dir, file));
}

main(async () => {
  const { chrome, driver } = await ensureBrowser(); // fail fast, before minutes of building
  await step('toolchain', ensureToolchain);
  const cargo = (...args) => run('cargo', args, { cwd: root });

  await step('rustfmt', () => cargo('fmt', '--all', '--check'));
  await step('clippy (native)', () => cargo('clippy', '--workspace', '--all-targets', '--', '-D', 'warnings'));
  await step('clippy (wasm32)', () =>
    cargo('clippy', '-p', 'waitline', '--all-targets', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings'),
  );
  await step('clippy (wasm32, as shipped: no_std)', () =>
    cargo('clippy', '-p', 'waitline', '--lib', '--features', 'shipped', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings'),
  );
  await step('import cycles', () => {
    const cycles = ['core/src', 'src', 'proxy/src', 'simulator/src'].flatMap((src) =>
      importCycles(path.join(root, src)).map((cycle) => `${src}: ${cycle}`),
    );
    if (cycles.length) throw new Error(`modules that import each other (a leaf module breaks a cycle):\n  ${cycles.join('\n  ')}`);
  });
  // Broken intra-doc links (a renamed item a comment still names) fail like a lint.
  await step('cargo doc (warnings denied)', () =>
    run('cargo', ['doc', '--no-deps', '--workspace'], { cwd: root, env: { ...process.env, RUSTDOCFLAGS: '-D warnings' } }),
  );
  await ensureRedis(); // proxy/tests/store.rs and replicas.rs run a real one
  await step('cargo test (native)', () => cargo('test', '--workspace'));

  await step('wasm-bindgen-test (headless Chromium)', () => {
    const webdriverJson = path.join(cargoTargetDir(), 'webdriver.json');
    mkdirSync(path.dirname(webdriverJson), { recursive: true });
    writeFileSync(webdriverJson, JSON.stringify({ 'goog:chromeOptions': { binary: chrome, args: CHROME_ARGS } }));
    return run('cargo', ['test', '-p', 'waitline', '--target', 'wasm32-unknown-unknown'], {
      cwd: root,
      env: {
        ...process.env,
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
        CHROMEDRIVER: driver,
        WASM_BINDGEN_TEST_WEBDRIVER_JSON: webdriverJson,
        WASM_BINDGEN_TEST_TIMEOUT: '120',
      },
    });
  });

  await step('build (widget package) and its size budget', async () => {
    await buildWidget();
    checkSizeBudget();
    // No separate proxy build: `cargo test --workspace` has just built target/debug/waitline-proxy
    // for the integration tests, and `cargo build` (with `-p` or without) resolves dependency
    // features differently and would rebuild much of the AWS SDK (measured: 3.5 min cold).
    if (!existsSync(proxyBinary())) throw new Error(`cargo test did not leave ${proxyBinary()}`);
  });

  await step('end-to-end (Chromium, real proxy, Vite consumer)', () =>
    // Files by name: Node 21+ reads a directory argument as a module path, not a folder.
    run(process.execPath, ['--test', '--test-concurrency=1', ...e2eTestFiles()], {
      cwd: root,
      env: { ...process.env, CHROME_PATH: chrome, WAITLINE_PROXY_BIN: proxyBinary() },
    }),
  );

  console.log('\nStep durations:');
  for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
});
