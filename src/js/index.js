// The package's main entry: registers <waitline-status> and exports the programmatic API.
export { initialize, mount } from './mount.js';
export { WaitlineStatus } from './element.js';
