// npm run build: the npm package in dist/, with its size.
import { buildWidget } from './lib/widget.mjs';
import { ensureToolchain } from './lib/toolchain.mjs';
import { main } from './lib/run.mjs';

main(async () => {
  await ensureToolchain();
  await buildWidget();
});
