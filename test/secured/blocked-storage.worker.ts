/**
 * The vault worker as a browser that blocks storage in a third-party iframe runs it: touching
 * `indexedDB` throws a SecurityError (as test/worker/keys.test.ts simulates on the main thread).
 * The key store touches `indexedDB` only when it opens, after this module has run.
 */
import '../../worker/secured.worker.js';

Object.defineProperty(globalThis, 'indexedDB', {
  configurable: true,
  get() {
    throw new DOMException('access to storage is denied in this frame', 'SecurityError');
  },
});
