// Provider keys on the desktop, encrypted by the OS keychain through safeStorage and kept base64-encoded in
// a 0600 JSON file in userData. The KeyStore interface is synchronous, so keys are decrypted once at start
// and writes are encrypted and persisted in the background, in order.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../../shared/contract';
import type { ProviderId } from '../../shared/types';
import type { KeyStore } from '../core/settings/keyStore';
import { consoleLog, type Log } from '../core/log';

/** The slice of Electron's safeStorage used here (async API; the sync one is deprecated). */
export interface Encryptor {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export interface SafeKeyStore extends KeyStore {
  /** Resolves when every `set` so far is on disk. */
  flush(): Promise<void>;
}

const PROVIDERS: readonly ProviderId[] = ['openrouter', 'vercel', 'mistral', 'custom'];

export async function createSafeStorageKeyStore(options: {
  encryptor: Encryptor;
  file: string;
  log?: Log;
}): Promise<SafeKeyStore> {
  const { encryptor, file } = options;
  const log = options.log ?? consoleLog;
  const available = await encryptor.isAsyncEncryptionAvailable();
  const keys = new Map<ProviderId, string>();
  const encrypted = readEncryptedFile(file, log);
  let reEncrypt = false;
  for (const provider of PROVIDERS) {
    const value = encrypted[provider];
    if (typeof value !== 'string' || !available) continue;
    try {
      const decrypted = await encryptor.decryptStringAsync(Buffer.from(value, 'base64'));
      keys.set(provider, decrypted.result);
      reEncrypt ||= decrypted.shouldReEncrypt;
    } catch (error) {
      // A key from another machine or keychain: drop it, the user enters it again.
      log.warn(`Stored ${provider} key could not be decrypted and is ignored`, { error: String(error) });
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
      })
      .catch((error: unknown) => log.error('Could not save provider keys', { error: String(error) }));
  };
  if (reEncrypt) persist();

  return {
    get: (provider) => keys.get(provider) ?? null,
    set(provider, key) {
      if (key !== null && !available) {
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
