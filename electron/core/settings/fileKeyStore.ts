import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderId } from '../../../shared/types';
import type { KeyStore } from './keyStore';

const FILE_NAME = 'keys.json';

/**
 * Browser mode keeps keys in a JSON file readable by the owner only (0600). Writes go to a temp file that is
 * renamed over the old one, so a crash mid-write never leaves a half-written key file.
 */
export function createFileKeyStore(dataDir: string): KeyStore {
  const file = join(dataDir, FILE_NAME);

  // The file is this store's alone: read once, then kept beside it, as the provider is resolved per request.
  let known: Partial<Record<ProviderId, string>> | null = null;

  function readAll(): Partial<Record<ProviderId, string>> {
    known ??= readFile();
    return { ...known };
  }

  function readFile(): Partial<Record<ProviderId, string>> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const keys: Partial<Record<ProviderId, string>> = {};
      for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
        if (typeof value === 'string' && value) keys[name as ProviderId] = value;
      }
      return keys;
    } catch {
      // A damaged key file must not stop the app; the user can enter the key again.
      return {};
    }
  }

  function writeAll(keys: Partial<Record<ProviderId, string>>): void {
    mkdirSync(dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(keys, null, 2), { mode: 0o600 });
    // The mode option is filtered by umask and ignored for existing files: set it explicitly.
    chmodSync(temp, 0o600);
    renameSync(temp, file);
    known = { ...keys };
  }

  return {
    get: (provider) => (known ??= readFile())[provider] ?? null,
    set(provider, key) {
      const keys = readAll();
      if (key) keys[provider] = key;
      else delete keys[provider];
      writeAll(keys);
    },
  };
}
