/**
 * The vault worker's entry: a thin `expose(api)`. Everything it does lives in api.ts.
 * Built on its own into dist/secured-worker.js.
 */
import { expose } from 'comlink';
import { createVaultApi } from './api.js';
import { installVaultErrorTransfer } from './vault/transfer.js';

installVaultErrorTransfer();
expose(createVaultApi());
