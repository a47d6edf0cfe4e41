import { describe, expect, it } from 'vitest';
import { languageChoices, languageLabel } from './captionLanguages';

describe('caption language choices', () => {
  it('name each language in its own words and in English', () => {
    expect(languageLabel('fr')).toBe('Français — French');
    expect(languageLabel('ja')).toBe('日本語 — Japanese');
    expect(languageLabel('ru')).toBe('Русский — Russian');
    expect(languageLabel('en')).toBe('English');
    expect(languageLabel('de-DE')).toBe('Deutsch (Deutschland) — German (Germany)');
  });

  it('keep a language set through the API among the choices', () => {
    expect(languageChoices('eu')).toContain('eu');
    expect(languageChoices('fr').filter((tag) => tag === 'fr')).toHaveLength(1);
  });
});
