import { describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/contract';
import { openDatabase } from '../db/openDatabase';
import { parseCaptionLanguage, systemLanguage } from './captionLanguage';
import { createMemoryKeyStore } from './memoryKeyStore';
import { createSettingsStore } from './settingsStore';

describe('the caption language', () => {
  it('defaults to the system language: the platform’s, else the POSIX locale, never "C"', () => {
    expect(systemLanguage({ LANG: 'de_DE.UTF-8' }, 'fr')).toBe('fr');
    expect(systemLanguage({ LANG: 'de_DE.UTF-8' })).toBe('de-DE');
    expect(systemLanguage({ LC_ALL: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ru-RU');
    expect(systemLanguage({ LANG: 'sr_RS@latin' })).toBe('sr-RS');
    const runtime = Intl.DateTimeFormat().resolvedOptions().locale;
    expect(systemLanguage({ LANG: 'C.UTF-8' })).toBe(Intl.getCanonicalLocales(runtime)[0]);
    expect(systemLanguage({ LANG: 'POSIX' }, '')).toBe(Intl.getCanonicalLocales(runtime)[0]);
  });

  it('takes a language tag in canonical form and refuses what is none', () => {
    expect(parseCaptionLanguage(' pt-br ')).toBe('pt-BR');
    expect(parseCaptionLanguage('JA')).toBe('ja');
    expect(() => parseCaptionLanguage('French')).toThrow(UserError);
    expect(() => parseCaptionLanguage('x')).toThrow(/not a language tag/);
  });

  it('is a setting the caption client receives, with the catalogue’s preferred words', () => {
    const db = openDatabase(':memory:');
    const store = createSettingsStore(db, {
      env: { SHOEBOX_PROVIDER: 'custom', SHOEBOX_BASE_URL: 'http://127.0.0.1:9/v1', SHOEBOX_MODEL: 'm' },
      keyStore: createMemoryKeyStore(),
      systemLocale: 'en-US',
      preferredWords: () => ['dog', 'beach'],
    });
    expect(store.get()).toMatchObject({
      captionLanguage: 'en-US',
      captionLanguageChosen: false,
      systemLanguage: 'en-US',
    });
    expect(store.update({ captionLanguage: 'ja' })).toMatchObject({
      captionLanguage: 'ja',
      captionLanguageChosen: true,
    });
    expect(store.resolveProvider()).toMatchObject({
      captionLanguage: 'ja',
      preferredWords: ['dog', 'beach'],
    });
    expect(() => store.update({ captionLanguage: 'Klingon!' })).toThrow(UserError);
    expect(store.get().captionLanguage).toBe('ja');
    expect(store.update({ captionLanguage: null })).toMatchObject({
      captionLanguage: 'en-US',
      captionLanguageChosen: false,
    });
  });
});
