export { initialize, mount } from './mount.js';
export type { EwtStyle, MessageKey, MessageValue, Messages, MountOptions, WaitlineHandle, WasmSource } from './mount.js';
export type {
  WaitlineCallbackRequestedDetail,
  WaitlineCallbackStateDetail,
  WaitlineErrorDetail,
  WaitlineEventMap,
  WaitlineOfferDetail,
  WaitlineUpdateDetail,
} from './element.js';
export { WaitlineStatus } from './element.js';
