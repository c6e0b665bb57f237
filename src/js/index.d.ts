export { initialize, mount } from './mount.js';
export type { MountOptions, WaitlineHandle, WasmSource } from './mount.js';
export { WaitlineStatus } from './element.js';
