// Provider keys on the desktop. With a real OS keychain they are encrypted through safeStorage and kept
// base64-encoded in a 0600 JSON file in userData; without one (see keyProtection.ts) they go in the same
// 0600 plain file browser mode uses, and the user is told. The KeyStore interface is synchronous, so
// encrypted keys are decrypted once at start and writes are encrypted and persisted in the background.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../shared/contract';
import type { ProviderId } from '../../shared/types';
import type { KeyStore } from '../core/settings/keyStore';
import { createFileKeyStore } from '../core/settings/fileKeyStore';
import { consoleLog, type Log } from '../core/log';
import { chooseKeyProtection, plainTextNotice, type KeyProtection } from './keyProtection';

/** The slice of Electron's safeStorage used here (async API; the sync one is deprecated). */
export interface Encryptor {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface SafeKeyStore extends KeyStore {
  readonly protection: KeyProtection;
  /** Resolves when every `set` so far is on disk. */
  flush(): Promise<void>;
}

const PROVIDERS: readonly ProviderId[] = ['openrouter', 'vercel', 'mistral', 'custom'];
/** The plain file's name, as browser mode's file key store writes it. */
export const PLAIN_KEY_FILE = 'keys.json';

export async function createSafeStorageKeyStore(options: {
  encryptor: Encryptor;
  /** The encrypted key file, userData/provider-keys.json; the plain one goes beside it. */
  file: string;
  platform?: NodeJS.Platform;
  log?: Log;
  /** Called once, when the first key is saved without a keychain. */
  onPlainText?: (notice: { message: string; detail: string }) => void;
}): Promise<SafeKeyStore> {
  const { encryptor, file } = options;
  const log = options.log ?? consoleLog;
  const platform = options.platform ?? process.platform;
  const encryptionAvailable = await encryptor.isAsyncEncryptionAvailable();
  // Only meaningful once the encryptor is initialised, which the call above does.
  const linuxBackend = platform === 'linux' ? encryptor.getSelectedStorageBackend?.() : undefined;
  const protection = chooseKeyProtection({ platform, encryptionAvailable, linuxBackend });
  const plain = createFileKeyStore(dirname(file));
  const plainFile = join(dirname(file), PLAIN_KEY_FILE);

  if (protection === 'plain-file') {
    log.warn('No OS keychain (safeStorage backend basic_text): provider keys are kept in a 0600 file', {
      file: plainFile,
    });
    // Keys an earlier version "encrypted" with basic_text move to the plain file, so nothing is lost.
    const moved = await decryptAll(encryptor, readEncryptedFile(file, log), log);
    for (const [provider, key] of moved.keys) if (plain.get(provider) === null) plain.set(provider, key);
    if (moved.keys.size > 0) rmSync(file, { force: true });
    let told = false;
    return {
      protection,
      get: (provider) => plain.get(provider),
      set(provider, key) {
        plain.set(provider, key);
        if (key !== null && !told) {
          told = true;
          options.onPlainText?.(plainTextNotice(plainFile));
        }
      },
      flush: async () => {},
    };
  }

  const keys = new Map<ProviderId, string>();
  let reEncrypt = false;
  if (protection === 'keychain') {
    const decrypted = await decryptAll(encryptor, readEncryptedFile(file, log), log);
    for (const [provider, key] of decrypted.keys) keys.set(provider, key);
    reEncrypt = decrypted.reEncrypt;
    // Keys kept in the plain file while there was no keychain are encrypted now that there is one.
    for (const provider of PROVIDERS) {
      const key = plain.get(provider);
      if (key !== null && !keys.has(provider)) {
        keys.set(provider, key);
        reEncrypt = true;
      }
    }
  }

  let writes = Promise.resolve();
  const persist = () => {
    const snapshot = new Map(keys);
    writes = writes
      .then(async () => {
        const out: Record<string, string> = {};
        for (const [provider, key] of snapshot) {
          out[provider] = (await encryptor.encryptStringAsync(key)).toString('base64');
        }
        writeFileAtomic(file, JSON.stringify(out, null, 2));
        rmSync(plainFile, { force: true });
      })
      .catch((error: unknown) => log.error('Could not save provider keys', { error: String(error) }));
  };
  if (reEncrypt) persist();

  return {
    protection,
    get: (provider) => keys.get(provider) ?? null,
    set(provider, key) {
      if (key !== null && protection === 'unavailable') {
        throw new UserError(
          'This system has no keychain to encrypt the key with. Set the provider key in the environment instead.',
        );
      }
      if (key === null) keys.delete(provider);
      else keys.set(provider, key);
      persist();
    },
    flush: () => writes,
  };
}

async function decryptAll(
  encryptor: Encryptor,
  encrypted: Record<string, unknown>,
  log: Log,
): Promise<{ keys: Map<ProviderId, string>; reEncrypt: boolean }> {
  const keys = new Map<ProviderId, string>();
  let reEncrypt = false;
  for (const provider of PROVIDERS) {
    const value = encrypted[provider];
    if (typeof value !== 'string') continue;
    try {
      const decrypted = await encryptor.decryptStringAsync(Buffer.from(value, 'base64'));
      keys.set(provider, decrypted.result);
      reEncrypt ||= decrypted.shouldReEncrypt;
    } catch (error) {
      // A key from another machine or keychain: drop it, the user enters it again.
      log.warn(`Stored ${provider} key could not be decrypted and is ignored`, { error: String(error) });
    }
  }
  return { keys, reEncrypt };
}

function readEncryptedFile(file: string, log: Log): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  log.warn('The key file is not valid JSON and is ignored', { file });
  return {};
}

function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}
