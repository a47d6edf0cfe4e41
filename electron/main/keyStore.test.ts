import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../core/log';
import { chooseKeyProtection } from './keyProtection';
import { createSafeStorageKeyStore, PLAIN_KEY_FILE, type Encryptor } from './keyStore';

/** A reversible stand-in for the OS keychain (safeStorage cannot run without Electron). */
function xorEncryptor(available = true, linuxBackend?: string): Encryptor {
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    ...(linuxBackend ? { getSelectedStorageBackend: () => linuxBackend } : {}),
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

  it("on Linux with safeStorage's basic_text backend, keeps keys in a 0600 plain file and says so once", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-keys-'));
    const file = join(dir, 'provider-keys.json');
    const notices: Array<{ message: string; detail: string }> = [];
    const store = await createSafeStorageKeyStore({
      encryptor: xorEncryptor(true, 'basic_text'),
      file,
      platform: 'linux',
      log: silentLog,
      onPlainText: (notice) => notices.push(notice),
    });
    expect(store.protection).toBe('plain-file');
    store.set('openrouter', 'sk-or-secret-123');
    store.set('mistral', 'mistral-key');
    await store.flush();

    const plainFile = join(dir, PLAIN_KEY_FILE);
    expect(JSON.parse(readFileSync(plainFile, 'utf8'))).toEqual({
      openrouter: 'sk-or-secret-123',
      mistral: 'mistral-key',
    });
    expect(statSync(plainFile).mode & 0o777).toBe(0o600);
    expect(existsSync(file)).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/not encrypted/);
    expect(notices[0]!.detail).toContain(plainFile);

    const again = await createSafeStorageKeyStore({
      encryptor: xorEncryptor(true, 'basic_text'),
      file,
      platform: 'linux',
      log: silentLog,
    });
    expect(again.get('openrouter')).toBe('sk-or-secret-123');
  });

  it('moves keys an earlier version stored with basic_text into the plain file, losing none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-keys-'));
    const file = join(dir, 'provider-keys.json');
    const before = await createSafeStorageKeyStore({ encryptor: xorEncryptor(), file, log: silentLog });
    before.set('vercel', 'vck-123');
    await before.flush();
    expect(existsSync(file)).toBe(true);

    const store = await createSafeStorageKeyStore({
      encryptor: xorEncryptor(true, 'basic_text'),
      file,
      platform: 'linux',
      log: silentLog,
    });
    expect(store.get('vercel')).toBe('vck-123');
    expect(JSON.parse(readFileSync(join(dir, PLAIN_KEY_FILE), 'utf8'))).toEqual({ vercel: 'vck-123' });
    expect(existsSync(file)).toBe(false);
  });

  it("encrypts the plain file's keys once a keychain is there, and removes the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-keys-'));
    const file = join(dir, 'provider-keys.json');
    const plain = await createSafeStorageKeyStore({
      encryptor: xorEncryptor(true, 'basic_text'),
      file,
      platform: 'linux',
      log: silentLog,
    });
    plain.set('mistral', 'mistral-key');

    const store = await createSafeStorageKeyStore({
      encryptor: xorEncryptor(true, 'gnome_libsecret'),
      file,
      platform: 'linux',
      log: silentLog,
    });
    expect(store.protection).toBe('keychain');
    expect(store.get('mistral')).toBe('mistral-key');
    await store.flush();
    expect(existsSync(join(dir, PLAIN_KEY_FILE))).toBe(false);
    expect(readFileSync(file, 'utf8')).not.toContain('mistral-key');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual(['mistral']);
  });
});

describe('chooseKeyProtection', () => {
  it('treats only a real keychain as one', () => {
    const linux = { platform: 'linux' as const, encryptionAvailable: true };
    expect(chooseKeyProtection({ ...linux, linuxBackend: 'basic_text' })).toBe('plain-file');
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(chooseKeyProtection({ ...linux, linuxBackend: backend }), backend).toBe('keychain');
    }
    expect(chooseKeyProtection({ platform: 'darwin', encryptionAvailable: true })).toBe('keychain');
    expect(chooseKeyProtection({ platform: 'win32', encryptionAvailable: true })).toBe('keychain');
    expect(chooseKeyProtection({ platform: 'darwin', encryptionAvailable: false })).toBe('unavailable');
    expect(chooseKeyProtection({ ...linux, encryptionAvailable: false, linuxBackend: 'basic_text' })).toBe(
      'plain-file',
    );
  });
});
