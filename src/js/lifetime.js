// What a mount owns, released when its AbortSignal aborts: requests (`childOf`) and timers
// (`timer`). Listeners need nothing of their own: addEventListener takes the signal.

/**
 * An AbortController that also aborts when `signal` does, and lets go of `signal` once it has
 * aborted itself (by hand: `AbortSignal.any` is newer than the browsers the widget serves).
 * @param {AbortSignal} signal
 */
export function childOf(signal) {
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { signal: controller.signal });
  return controller;
}

/**
 * A timer `signal` owns: `set` replaces the one armed, and `signal`'s abort clears it.
 * @param {AbortSignal} signal
 * @param {(fn: () => void, ms: number) => number} arm `setTimeout` or `setInterval`
 * @param {(id: number | undefined) => void} disarm `clearTimeout` or `clearInterval`
 */
export function timer(signal, arm, disarm) {
  /** @type {number | undefined} */
  let id;
  const clear = () => {
    disarm(id);
    id = undefined;
  };
  signal.addEventListener('abort', clear, { once: true });
  return {
    clear,
    /** @param {(() => void) | undefined} fn @param {number} [ms] */
    set(fn, ms) {
      clear();
      if (fn && !signal.aborted) id = arm(fn, ms ?? 0);
    },
    get armed() {
      return id !== undefined;
    },
  };
}
