import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { createFileKeyStore } from './fileKeyStore';
import { createMemoryKeyStore } from './memoryKeyStore';
import { createSettingsStore } from './settingsStore';

function store(env: Record<string, string | undefined> = {}, keyStore = createMemoryKeyStore()) {
  return createSettingsStore(openDatabase(':memory:'), { env, keyStore, systemLocale: 'en-GB' });
}

describe('SettingsStore', () => {
  it('has defaults and says nothing is configured', () => {
    const s = store();
    expect(s.get()).toEqual({
      provider: null,
      baseUrl: '',
      model: '',
      hasKey: false,
      keySource: null,
      fromEnvironment: false,
      concurrency: 4,
      uploadMaxPx: 1024,
      uploadMetadata: false,
      promptWithExisting: false,
      captionLanguage: 'en-GB',
      captionLanguageChosen: false,
      systemLanguage: 'en-GB',
      groupBursts: true,
      fallbackModels: [],
    });
    expect(s.resolveProvider()).toEqual({
      error: 'No caption provider is set up: choose one in Settings (or set SHOEBOX_PROVIDER)',
    });
  });

  it('asks for the key of the chosen preset, then resolves it without ever exposing it', () => {
    const s = store();
    s.update({ provider: 'openrouter' });
    expect(s.resolveProvider()).toEqual({
      error: 'Add your OpenRouter key in Settings or set OPENROUTER_API_KEY',
    });
    const settings = s.setKey('openrouter', ' sk-or-secret ');
    expect(JSON.stringify(settings)).not.toContain('sk-or-secret');
    expect(settings).toMatchObject({ hasKey: true, keySource: 'stored', model: 'mistralai/pixtral-12b' });
    expect(s.resolveProvider()).toEqual({
      provider: 'openrouter',
      baseUrl: 'https://openrouter.ai/api/v1',
      model: 'mistralai/pixtral-12b',
      apiKey: 'sk-or-secret',
      cloud: true,
      captionLanguage: 'en-GB',
      preferredWords: [],
    });
  });

  it('lets the environment override stored values', () => {
    const s = store({
      SHOEBOX_PROVIDER: 'mistral',
      SHOEBOX_MODEL: 'pixtral-12b',
      MISTRAL_API_KEY: 'env-key',
    });
    s.update({ provider: 'openrouter', model: 'other', concurrency: 2 });
    s.setKey('mistral', 'stored-key');
    expect(s.get()).toMatchObject({
      provider: 'mistral',
      model: 'pixtral-12b',
      fromEnvironment: true,
      keySource: 'environment',
      concurrency: 2,
    });
    const resolved = s.resolveProvider();
    expect(resolved).toMatchObject({
      provider: 'mistral',
      apiKey: 'env-key',
      baseUrl: 'https://api.mistral.ai/v1',
    });
  });

  it('rejects an unknown SHOEBOX_PROVIDER with a readable message', () => {
    const resolved = store({ SHOEBOX_PROVIDER: 'openai' }).resolveProvider();
    expect(resolved).toHaveProperty('error');
    expect((resolved as { error: string }).error).toContain('SHOEBOX_PROVIDER is "openai"');
  });

  it('needs a base URL and model for custom, but no key', () => {
    const s = store();
    s.update({ provider: 'custom' });
    expect((s.resolveProvider() as { error: string }).error).toContain('base URL');
    s.update({ baseUrl: 'http://127.0.0.1:8000/v1' });
    expect((s.resolveProvider() as { error: string }).error).toContain('model name');
    s.update({ model: 'pixtral' });
    expect(s.resolveProvider()).toEqual({
      provider: 'custom',
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'pixtral',
      apiKey: null,
      cloud: false,
      captionLanguage: 'en-GB',
      preferredWords: [],
    });
    expect(() => s.update({ baseUrl: 'ftp://x' })).toThrow(/http/);
    expect(() => s.update({ concurrency: 0 })).toThrow(/Concurrency/);
  });

  it("says what is wrong with the environment's base URL instead of sending captions to it", () => {
    const s = store({
      SHOEBOX_PROVIDER: 'custom',
      SHOEBOX_BASE_URL: 'http://me:hunter2@127.0.0.1:8000/v1',
      SHOEBOX_MODEL: 'pixtral',
    });
    const resolved = s.resolveProvider() as { error: string };
    expect(resolved.error).toMatch(/^SHOEBOX_BASE_URL: .*password/);
    expect(resolved.error).not.toContain('hunter2');
  });

  it('persists across instances on the same database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-settings-'));
    const file = join(dir, 'c.sqlite');
    const keys = createFileKeyStore(dir);
    const db1 = openDatabase(file);
    createSettingsStore(db1, { env: {}, keyStore: keys }).update({ provider: 'vercel', uploadMaxPx: 512 });
    db1.close();
    const db2 = openDatabase(file);
    expect(createSettingsStore(db2, { env: {}, keyStore: keys }).get()).toMatchObject({
      provider: 'vercel',
      uploadMaxPx: 512,
      model: 'mistral/pixtral-12b',
    });
    db2.close();
  });
});

describe('keys bound to their server', () => {
  it('never resolves a stored key for a base URL of another origin, and says whose it is', () => {
    const s = store();
    s.update({ provider: 'openrouter' });
    s.setKey('openrouter', 'sk-or-secret');
    const moved = s.update({ baseUrl: 'http://127.0.0.1:9/api/v1' });
    expect(moved.hasKey).toBe(false);
    expect(s.resolveProvider()).toEqual({
      error:
        'The OpenRouter key you have belongs to https://openrouter.ai, not http://127.0.0.1:9: add the key for this server in Settings',
    });
    // The same origin on another path is the same server.
    expect(s.update({ baseUrl: 'https://openrouter.ai/api/v2' }).hasKey).toBe(true);
  });

  it('keeps an environment key with the environment base URL or the preset server', () => {
    const s = store({ SHOEBOX_PROVIDER: 'mistral', MISTRAL_API_KEY: 'env-key' });
    expect(s.resolveProvider()).toMatchObject({ apiKey: 'env-key' });
    s.update({ baseUrl: 'http://127.0.0.1:9/v1' });
    expect(s.resolveProvider()).toHaveProperty('error');
    const pinned = store({
      SHOEBOX_PROVIDER: 'mistral',
      SHOEBOX_BASE_URL: 'http://127.0.0.1:8/v1',
      MISTRAL_API_KEY: 'env-key',
    });
    expect(pinned.resolveProvider()).toMatchObject({ apiKey: 'env-key', baseUrl: 'http://127.0.0.1:8/v1' });
  });

  it('gives a custom server its own key and binds a key stored before binding existed', () => {
    const keys = createMemoryKeyStore({ custom: 'old-local-key', vercel: 'old-vercel-key' });
    const db = openDatabase(':memory:');
    db.prepare(
      `INSERT INTO settings (key, value) VALUES ('provider', 'custom'), ('baseUrl', ?), ('model', 'm')`,
    ).run('http://127.0.0.1:8000/v1');
    const s = createSettingsStore(db, { env: {}, keyStore: keys });
    expect(s.resolveProvider()).toMatchObject({ apiKey: 'old-local-key' });
    expect(s.update({ baseUrl: 'http://127.0.0.1:8001/v1' }).hasKey).toBe(false);
    expect(s.resolveProvider()).toMatchObject({ apiKey: null });
    s.update({ provider: 'vercel' });
    expect(s.resolveProvider()).toMatchObject({
      apiKey: 'old-vercel-key',
      baseUrl: 'https://ai-gateway.vercel.sh/v1',
    });
  });

  it('refuses a custom key before the custom server is named', () => {
    const s = store();
    s.update({ provider: 'custom' });
    expect(() => s.setKey('custom', 'k')).toThrow(/base URL/);
  });
});

describe('createFileKeyStore', () => {
  it('writes keys.json with mode 0600 and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-keys-'));
    const keys = createFileKeyStore(dir);
    expect(keys.get('openrouter')).toBeNull();
    keys.set('openrouter', 'k1');
    keys.set('mistral', 'k2');
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(createFileKeyStore(dir).get('openrouter')).toBe('k1');
    keys.set('openrouter', null);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'))).toEqual({ mistral: 'k2' });
  });

  it('treats a damaged file as empty instead of crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-keys-'));
    writeFileSync(join(dir, 'keys.json'), '{not json');
    expect(createFileKeyStore(dir).get('mistral')).toBeNull();
  });

  it('keeps an ordered fallback list for each provider, and resolves it without the model itself', () => {
    const s = store();
    s.update({
      provider: 'openrouter',
      fallbackModels: [' a/one ', 'mistralai/pixtral-12b', 'a/one', 'b/two'],
    });
    s.setKey('openrouter', 'k');
    expect(s.get().fallbackModels).toEqual(['a/one', 'mistralai/pixtral-12b', 'b/two']);
    expect(s.resolveProvider()).toMatchObject({
      model: 'mistralai/pixtral-12b',
      fallbacks: ['a/one', 'b/two'],
    });
    s.update({ provider: 'vercel' });
    expect(s.get().fallbackModels).toEqual([]);
    s.update({ provider: 'openrouter' });
    expect(s.get().fallbackModels).toEqual(['a/one', 'mistralai/pixtral-12b', 'b/two']);
    expect(() => s.update({ fallbackModels: Array.from({ length: 9 }, (_, i) => `m${i}`) })).toThrow(
      /At most 8/,
    );
  });
});
