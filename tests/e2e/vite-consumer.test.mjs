// The published package as a user gets it: `npm pack`, installed into a scratch Vite app,
// built for production, served, and loaded in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cargoTargetDir, root } from '../../scripts/lib/paths.mjs';
import { output, run } from '../../scripts/lib/run.mjs';
import { launch, widgetText } from './support/browser.mjs';
import { serveStatic } from './support/static.mjs';
import { fakeEndpoint, metrics } from './support/fake-endpoint.mjs';

const app = path.join(cargoTargetDir(), 'vite-consumer');
let browser;
let server;

before(async () => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(path.join(app, 'src'), { recursive: true });
  // The package as it would be published (dist/ is already built by the test run).
  const packed = JSON.parse(output('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: root }));
  const tarball = path.join(app, packed[0].filename);
  const files = packed[0].files.map((f) => f.path).sort();
  assert.ok(files.includes('dist/waitline_wasm_bg.wasm') && files.includes('dist/index.d.ts'), files.join(', '));
  assert.ok(files.includes('dist/locales/de.js') && files.includes('dist/locales/en.js'), `language packs: ${files}`);
  assert.ok(files.includes('dist/chat.js') && files.includes('dist/chat.d.ts'), `no waitline/chat: ${files}`);
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('proxy/')), `package leaks sources: ${files}`);

  const { vite, 'amazon-connect-chatjs': chatjs } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies;
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'vite-consumer', private: true, type: 'module', scripts: { build: 'vite build' } }, null, 2),
  );
  writeFileSync(
    path.join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>consumer</title></head>
     <body><main id="app"></main><script type="module" src="/src/main.js"></script></body></html>`,
  );
  writeFileSync(
    path.join(app, 'src', 'main.js'),
    `import { mount } from 'waitline';
     import { attachToChatSession } from 'waitline/chat';
     const el = document.createElement('waitline-status');
     el.setAttribute('endpoint', '/api/{contactId}');
     el.setAttribute('contact-id', 'c-1');
     document.getElementById('app').append(el);
     // A second widget in German: the bundler must ship and load its language pack.
     const de = document.createElement('waitline-status');
     de.id = 'de';
     de.setAttribute('locale', 'de');
     de.setAttribute('endpoint', '/api/{contactId}');
     de.setAttribute('contact-id', 'c-2');
     document.getElementById('app').append(de);
     window.mountIsFunction = typeof mount === 'function';
     window.chatIsFunction = typeof attachToChatSession === 'function';`,
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `vite@${vite}`, `amazon-connect-chatjs@${chatjs}`], { cwd: app, stdio: 'ignore' });
  await run('npm', ['run', 'build'], { cwd: app, stdio: 'ignore' });
  server = await serveStatic(path.join(app, 'dist'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the package's types check under strict TypeScript", async () => {
  writeFileSync(
    path.join(app, 'check.ts'),
    `/// <reference types="amazon-connect-chatjs" />
     import { mount, type MountOptions, type WaitlineUpdateDetail } from 'waitline';
     import type { WaitlineStatus } from 'waitline/element';
     import { attachToChatSession, attachToHostedWidget, type ChatStarted, type ChatWaitHandle } from 'waitline/chat';
     const options: MountOptions = { contactId: 'c', ewtStyle: 'range', callbackAfterSeconds: 600, messages: { next: 'x', aboutMinutes: { one: 'a', other: 'b' } } };
     const handle = mount(document.createElement('div'), options);
     void handle.ready.then(() => handle.destroy());
     const el: WaitlineStatus = document.createElement('waitline-status');
     el.messages = { loading: '…' };
     el.addEventListener('waitline:update', (event) => {
       const detail: WaitlineUpdateDetail = event.detail;
       const position: number = detail.position;
       void position;
     });
     el.addEventListener('waitline:error', (event) => console.log(event.detail.code, event.detail.retrying));
     // waitline/chat: a chatjs session's shape, and the hosted widget's global function.
     const session = {
       getChatDetails: () => ({ contactId: 'c', participantId: 'p' }),
       getTranscript: async () => ({ data: { Transcript: [{ ContentType: 'text/plain', ParticipantRole: 'AGENT', Id: 'i' }] } }),
       onMessage: (handler: (event: { data: { ContentType?: string } }) => void) => void handler,
       onEnded: () => {},
       onConnectionEstablished: () => {},
     };
     const chat: ChatWaitHandle = attachToChatSession(session, { container: document.body, token: 't', attributes: { 'poll-seconds': 5 } });
     chat.element.messages = { next: 'x' };
     chat.destroy();
     const hosted = attachToHostedWidget({ container: document.body, amazonConnect: (command: string) => command });
     const answer: ChatStarted = hosted.chatStarted({
       data: { startChatResult: { ContactId: 'c', ParticipantId: 'p', ParticipantToken: 'pt' } },
       waitline: { contactId: 'c', token: 't' },
     });
     void answer.data.startChatResult.ParticipantToken;
     // ...and chatjs's own session type, as a TypeScript page holds it.
     declare const customer: connect.CustomerChatSession;
     attachToChatSession(customer, { element: el, token: answer.waitline.token }).destroy();`,
  );
  writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'] }, files: ['check.ts'] }),
  );
  await run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', app], { cwd: app });
});

// The shell's own JavaScript against its JSDoc types (the frame protocol, view.js's `Frame`),
// and wasm-bindgen's declarations of the Widget it drives: as the build staged them, with the
// generated modules beside them.
test("the shell's JavaScript checks against its JSDoc types under strict TypeScript", async () => {
  const staging = path.join(cargoTargetDir(), 'package-staging');
  const config = path.join(app, 'tsconfig.shell.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        allowJs: true,
        checkJs: true,
        noEmit: true,
        strict: true,
        // Parameters without a JSDoc type stay `any`: the check is of what is typed.
        noImplicitAny: false,
        module: 'esnext',
        moduleResolution: 'bundler',
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable', 'esnext.disposable'],
      },
      files: ['view.js', 'mount.js', 'element.js'].map((file) => path.join(staging, file)),
    }),
  );
  await run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', config], { cwd: app });
});

test('a Vite app that installs the tarball renders the widget', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await fakeEndpoint(page, '**/api/**', () => ({ body: metrics(2, 30) }));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('waitline-status')?.shadowRoot?.querySelector('.headline')?.textContent?.startsWith('You'));
  assert.deepEqual(await widgetText(page), { headline: "You're 2nd in line", detail: 'Estimated wait: less than a minute', note: null });
  assert.equal(await page.evaluate(() => window.mountIsFunction), true);
  const german = () => document.getElementById('de')?.shadowRoot?.querySelector('.headline')?.textContent;
  await page.waitForFunction(german);
  assert.equal(await page.evaluate(german), 'Sie sind an 2. Stelle in der Warteschlange');
  assert.equal(await page.evaluate(() => window.chatIsFunction), true);
  // 'waitline' and 'waitline/chat' share one copy of the widget: its wasm loader is bundled once.
  const bundled = readdirSync(path.join(app, 'dist', 'assets')).filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(path.join(app, 'dist', 'assets', file), 'utf8')).join('\n');
  assert.equal(bundled.split('compileStreaming').length - 1, 1, 'one copy of the widget in the app');
  assert.deepEqual(errors, []);
});
