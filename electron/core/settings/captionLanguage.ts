import { UserError } from '../../../shared/contract';

/**
 * The system's language as a BCP 47 tag: what Electron reports (app.getLocale()), else the POSIX locale of
 * the environment (LC_ALL, LC_MESSAGES, LANG: "de_DE.UTF-8" → "de-DE"; "C" and "POSIX" mean none), else the
 * JavaScript runtime's, else English.
 */
export function systemLanguage(env: Record<string, string | undefined>, reported?: string | null): string {
  const candidates = [reported, env.LC_ALL, env.LC_MESSAGES, env.LANG].map(posixToBcp47);
  for (const candidate of candidates) if (candidate) return candidate;
  return canonical(Intl.DateTimeFormat().resolvedOptions().locale) ?? 'en';
}

function posixToBcp47(value: string | null | undefined): string | null {
  const bare = value?.trim().split(/[.@]/)[0]?.replace(/_/g, '-');
  if (!bare || bare === 'C' || bare === 'POSIX') return null;
  return canonical(bare);
}

function canonical(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/** A language the user typed or picked ("fr", "pt-BR", "ja"), checked and in canonical form. */
export function parseCaptionLanguage(value: string): string {
  const tag = canonical(value.trim());
  if (!tag || !/^[a-z]{2,3}(?:-|$)/i.test(tag)) {
    throw new UserError(`"${value}" is not a language tag: use one such as en, fr, de, ja, ru or pt-BR`);
  }
  return tag;
}
