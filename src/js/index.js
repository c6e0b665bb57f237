// The package's main entry: registers <waitline-status> and exports the programmatic API.
export { initialize, mount } from './mount.js';
export { WaitlineStatus } from './element.js';
// For leak tests and benchmarks: bytes of linear memory the widget's wasm holds.
export { wasmMemoryBytes } from './waitline_wasm.js';
