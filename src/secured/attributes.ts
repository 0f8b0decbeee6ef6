/**
 * The secured attributes of one interaction, as the main thread knows them: per attribute a
 * `SecuredValue` (a vault handle and a masked preview once decrypted) and a state. Framework-free:
 * `InteractionSession.secured` holds one; `<cx-interaction>` loads it with its `SecuredClient`.
 */
import { SecuredValue } from '../guard/secured-value.js';
import type { SecuredClient } from './client.js';
import { VaultError } from '../../worker/errors.js';
import type { DecryptOutcome, SecuredMask, VaultFailure } from './types.js';

/** Where one secured attribute stands. `value` is always a `SecuredValue` (masked). */
export type SecuredAttributeState =
  /** Not decrypted yet (no client, or the batch is on its way). */
  | { readonly status: 'pending'; readonly value: SecuredValue }
  /** Decrypted: `value.handle` reveals it, `value.preview` is its mask. */
  | { readonly status: 'ready'; readonly value: SecuredValue }
  /** The vault refused: `error.code` is a VaultError code, `error.message` names the attribute. */
  | { readonly status: 'error'; readonly value: SecuredValue; readonly error: VaultFailure };

/** What `SecuredAttributes` is made from. */
export interface SecuredAttributesInit {
  conversationId: string;
  organizationId: string;
  /** Attribute name → base64 ESDK message (the customer's `securedAttributes`). */
  ciphertexts: Readonly<Record<string, string>>;
  /** Called with the names whose state changed. */
  onChange?: (names: string[]) => void;
}

/** Options of {@link SecuredAttributes.load}. */
export interface SecuredLoadOptions {
  /**
   * The previews' mask. Default `last4`: `•••• 1234` for values of 8 characters or more (a
   * component with `mask="full"` still shows the full mask). Pass `full` to keep even the last four
   * characters in the worker.
   */
  mask?: SecuredMask;
}

type Decryptor = Pick<SecuredClient, 'decrypt' | 'reveal'> &
  Partial<Pick<SecuredClient, 'encrypt'>>;

/** The secured attributes of one interaction. */
export class SecuredAttributes {
  readonly conversationId: string;
  readonly organizationId: string;
  /** The platform's ciphertexts, overlaid with those written (`put`). */
  readonly #ciphertexts: Record<string, string>;
  readonly #states = new Map<string, SecuredAttributeState>();
  readonly #onChange: ((names: string[]) => void) | undefined;
  #client: Decryptor | undefined;
  #loading: Promise<void> | undefined;
  #mask: SecuredMask = 'last4';
  #generation = 0;

  constructor(init: SecuredAttributesInit) {
    this.conversationId = init.conversationId;
    this.organizationId = init.organizationId;
    this.#ciphertexts = { ...init.ciphertexts };
    this.#onChange = init.onChange;
    this.#resetStates();
  }

  /** The names of the secured attributes. */
  get names(): string[] {
    return [...this.#states.keys()];
  }

  /** The state of attribute `name`; `undefined` when the interaction has no such attribute. */
  state(name: string): SecuredAttributeState | undefined {
    return this.#states.get(name);
  }

  /** The secured value of attribute `name` (a placeholder until decrypted); `undefined` if none. */
  value(name: string): SecuredValue | undefined {
    return this.#states.get(name)?.value;
  }

  /** The client the attributes were (or are being) decrypted with. */
  get client(): Decryptor | undefined {
    return this.#client;
  }

  /**
   * Decrypts every attribute in one batch with `client` (one round trip). Resolves when every
   * state is `ready` or `error`; never rejects. Loading again with the same client returns the
   * same promise; another client starts over.
   */
  load(client: Decryptor, options: SecuredLoadOptions = {}): Promise<void> {
    if (this.#client === client && this.#loading) return this.#loading;
    this.#generation++;
    this.#client = client;
    this.#mask = options.mask ?? 'last4';
    return (this.#loading = this.#decrypt(this.names));
  }

  /**
   * The plaintext of attribute `name`, for display: straight into a text node, never stored.
   * Rejects when it is not decrypted (or its interaction was forgotten).
   */
  async reveal(name: string): Promise<string> {
    const state = this.#states.get(name);
    const handle = state?.status === 'ready' ? state.value.handle : undefined;
    if (!this.#client || handle === undefined) {
      throw new Error(`${name} is not decrypted`);
    }
    return this.#client.reveal(handle);
  }

  /**
   * Encrypts `value` for attribute `name` of this interaction (Set Secured Data) with the client
   * given to `load`: text, or `{ handle }` of a value the vault holds (a copy of a secured value,
   * encrypted from the vault's own plaintext). Rejects with a `VaultError`
   * (`CustomerKeyNotConfigured` without a client or a key, `CustomerKeyNotFound`, `NoDataSupplied`,
   * `MaximumDataSizeExceeded` …).
   */
  async encrypt(name: string, value: string | { readonly handle: string }): Promise<string> {
    const client = this.#client;
    if (!client?.encrypt) {
      throw new VaultError(
        'CustomerKeyNotConfigured',
        `Cannot encrypt ${name}: no vault is connected`,
      );
    }
    return client.encrypt({
      conversationId: this.conversationId,
      organizationId: this.organizationId,
      attributeName: name,
      ...(typeof value === 'string' ? { plaintext: value } : { handle: value.handle }),
    });
  }

  /**
   * Makes `ciphertext` (a write of this interaction) the value of attribute `name`: `pending`, then
   * decrypted by the vault (a handle and a preview) when there is a client. Resolves when done.
   */
  async put(name: string, ciphertext: string): Promise<void> {
    this.#ciphertexts[name] = ciphertext;
    this.#set(name, { status: 'pending', value: placeholder(name) });
    this.#onChange?.([name]);
    await this.#decrypt([name]);
  }

  /** Back to `pending` (after the vault forgot the interaction); a later `load` decrypts again. */
  reset(): void {
    this.#generation++;
    this.#client = undefined;
    this.#loading = undefined;
    const names = this.names;
    this.#resetStates();
    if (names.length) this.#onChange?.(names);
  }

  /**
   * Decrypts `names` in one batch (one round trip) with the client, if any, and sets their states,
   * unless the attributes were reset or loaded again meanwhile; an attribute written again meanwhile
   * (`put`) keeps the state of its newer ciphertext. Never rejects: a failed batch is an `error`
   * state for each name.
   */
  async #decrypt(names: string[]): Promise<void> {
    const client = this.#client;
    if (!client || !names.length) return;
    const generation = this.#generation;
    // What was asked, by name: the outcomes are matched by name, whatever their order.
    const asked = new Map(names.map((name) => [name, this.#ciphertexts[name]!]));
    let outcomes: DecryptOutcome[];
    try {
      outcomes = await client.decrypt({
        conversationId: this.conversationId,
        organizationId: this.organizationId,
        attributes: [...asked].map(([name, ciphertext]) => ({
          name,
          ciphertext,
          mask: this.#mask,
        })),
      });
    } catch (error) {
      const failure = failureOf(error);
      outcomes = names.map((name) => ({ name, ok: false, error: failure }));
    }
    if (generation !== this.#generation) return;
    const changed: string[] = [];
    for (const outcome of outcomes) {
      const { name } = outcome;
      if (!asked.has(name) || this.#ciphertexts[name] !== asked.get(name)) continue;
      changed.push(name);
      this.#set(
        name,
        outcome.ok
          ? {
              status: 'ready',
              value: new SecuredValue({
                sources: [name],
                preview: outcome.preview,
                handle: outcome.handle,
              }),
            }
          : {
              status: 'error',
              value: placeholder(name),
              error: { code: outcome.error.code, message: outcome.error.message },
            },
      );
    }
    if (changed.length) this.#onChange?.(changed);
  }

  #resetStates(): void {
    this.#states.clear();
    for (const name of Object.keys(this.#ciphertexts)) {
      this.#states.set(name, { status: 'pending', value: placeholder(name) });
    }
  }

  #set(name: string, state: SecuredAttributeState): void {
    this.#states.set(name, Object.freeze(state));
  }
}

function placeholder(name: string): SecuredValue {
  return new SecuredValue({ sources: [name] });
}

function failureOf(error: unknown): VaultFailure {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: typeof code === 'string' ? (code as VaultFailure['code']) : 'GeneralError',
    message,
  };
}
