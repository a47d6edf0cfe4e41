// The languages the Settings page offers for captions; any other BCP 47 tag can be set through the API.
export const CAPTION_LANGUAGES = [
  'en',
  'en-GB',
  'fr',
  'de',
  'es',
  'it',
  'pt',
  'pt-BR',
  'nl',
  'sv',
  'da',
  'nb',
  'fi',
  'pl',
  'cs',
  'hu',
  'ro',
  'el',
  'tr',
  'ru',
  'uk',
  'ar',
  'he',
  'hi',
  'ja',
  'ko',
  'zh-Hans',
  'zh-Hant',
] as const;

/** "Français — French": the language's own name, with its English name when they differ. */
export function languageLabel(tag: string): string {
  try {
    const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
    const ownCapitalised = own.charAt(0).toLocaleUpperCase(tag) + own.slice(1);
    return ownCapitalised === english ? english : `${ownCapitalised} — ${english}`;
  } catch {
    return tag;
  }
}

/** The choices for a select: the offered languages, and the current one if it is not among them. */
export function languageChoices(current: string | null): string[] {
  const all: string[] = [...CAPTION_LANGUAGES];
  if (current && !all.includes(current)) all.push(current);
  return all;
}
