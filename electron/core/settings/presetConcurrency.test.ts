import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../../shared/providers';
import { openDatabase } from '../db/openDatabase';
import { createMemoryKeyStore } from './memoryKeyStore';
import { createSettingsStore, DEFAULT_CONCURRENCY } from './settingsStore';

function store(env: Record<string, string | undefined> = {}) {
  return createSettingsStore(openDatabase(':memory:'), {
    env,
    keyStore: createMemoryKeyStore(),
    systemLocale: 'en-GB',
  });
}

describe('each preset starts from the concurrency its published limits allow', () => {
  it('names a number per preset that the published limits allow', () => {
    // Mistral's free Experiment plan: 1 request per second, counted as concurrent requests.
    expect(PROVIDERS.mistral.defaultConcurrency).toBe(1);
    // OpenRouter caps only free `:free` variants; Pixtral 12B is paid, so more than the old 4 at once.
    expect(PROVIDERS.openrouter.defaultConcurrency).toBe(8);
    // Vercel's free tier has lower per-model limits with no published number: no more than before.
    expect(PROVIDERS.vercel.defaultConcurrency).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
    for (const preset of Object.values(PROVIDERS)) {
      expect(Number.isInteger(preset.defaultConcurrency)).toBe(true);
      expect(preset.defaultConcurrency).toBeGreaterThanOrEqual(1);
      expect(preset.defaultConcurrency).toBeLessThanOrEqual(32);
    }
  });

  it("uses the chosen preset's number until the user picks one", () => {
    const s = store();
    expect(s.tuning().concurrency).toBe(DEFAULT_CONCURRENCY);
    s.update({ provider: 'mistral' });
    expect(s.get().concurrency).toBe(1);
    s.update({ provider: 'openrouter' });
    expect(s.tuning().concurrency).toBe(8);
  });

  it('follows a provider named by the environment', () => {
    expect(store({ SHOEBOX_PROVIDER: 'mistral' }).tuning().concurrency).toBe(1);
  });

  it('treats the number the Settings page sends back unchanged with a new provider as not chosen', () => {
    const s = store();
    // The page shows 4 before any provider is chosen and saves it along with the provider.
    s.update({ provider: 'openrouter', concurrency: DEFAULT_CONCURRENCY });
    expect(s.tuning().concurrency).toBe(8);
    s.update({ provider: 'mistral', concurrency: 8 });
    expect(s.tuning().concurrency).toBe(1);
  });

  it('keeps a number the user chose, across a change of provider only when they chose it then', () => {
    const s = store();
    s.update({ provider: 'openrouter' });
    s.update({ concurrency: 12 });
    expect(s.tuning().concurrency).toBe(12);
    // Saved again with the same provider: the number stays.
    s.update({ provider: 'openrouter', concurrency: 12 });
    expect(s.tuning().concurrency).toBe(12);
    s.update({ provider: 'mistral', concurrency: 3 });
    expect(s.tuning().concurrency).toBe(3);
  });
});
