import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../core/log';
import { createSafeStorageKeyStore, type Encryptor } from './keyStore';

/** A reversible stand-in for the OS keychain (safeStorage cannot run without Electron). */
function xorEncryptor(available = true): Encryptor {
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text) => xor(Buffer.from(`v1:${text}`, 'utf8')),
    decryptStringAsync: async (data) => {
      const text = xor(data).toString('utf8');
      if (!text.startsWith('v1:')) throw new Error('bad ciphertext');
      return { result: text.slice(3), shouldReEncrypt: false };
    },
  };
}

describe('createSafeStorageKeyStore', () => {
  it('stores keys encrypted in a 0600 file and reads them back after a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shoebox-keys-')), 'provider-keys.json');
    const store = await createSafeStorageKeyStore({ encryptor: xorEncryptor(), file, log: silentLog });
    expect(store.get('openrouter')).toBeNull();
    store.set('openrouter', 'sk-or-secret-123');
    store.set('mistral', 'mistral-key');
    expect(store.get('openrouter')).toBe('sk-or-secret-123');
    await store.flush();

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-or-secret-123');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['mistral', 'openrouter']);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    store.set('mistral', null);
    await store.flush();
    const again = await createSafeStorageKeyStore({ encryptor: xorEncryptor(), file, log: silentLog });
    expect(again.get('openrouter')).toBe('sk-or-secret-123');
    expect(again.get('mistral')).toBeNull();
  });

  it('ignores keys it cannot decrypt and a corrupt file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-keys-'));
    const file = join(dir, 'provider-keys.json');
    writeFileSync(file, JSON.stringify({ vercel: Buffer.from('garbage').toString('base64') }));
    const store = await createSafeStorageKeyStore({ encryptor: xorEncryptor(), file, log: silentLog });
    expect(store.get('vercel')).toBeNull();
    writeFileSync(file, '{not json');
    const store2 = await createSafeStorageKeyStore({ encryptor: xorEncryptor(), file, log: silentLog });
    expect(store2.get('vercel')).toBeNull();
  });

  it('refuses to store a key when no keychain is available', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shoebox-keys-')), 'provider-keys.json');
    const store = await createSafeStorageKeyStore({ encryptor: xorEncryptor(false), file, log: silentLog });
    expect(() => store.set('openrouter', 'sk')).toThrow(/no keychain/);
    expect(store.get('openrouter')).toBeNull();
  });
});
