/** A global `Buffer` for the official @aws-crypto/client-browser (its issue #1616). Bench only. */
import { Buffer } from 'buffer';

(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
