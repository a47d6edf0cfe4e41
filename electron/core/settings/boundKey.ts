// A stored key carries the origin (scheme, host, port) it was entered for, so it is only ever sent there:
// pointing a provider at another server must not hand that server the key (issue 11, item 4).

export interface BoundKey {
  key: string;
  /** Null for a key stored before keys were bound: the settings store adopts it once. */
  origin: string | null;
}

const PREFIX = 'bound:';

/** "https://openrouter.ai" for "https://openrouter.ai/api/v1"; null for anything that is not an http(s) URL. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The key store holds strings; the binding travels inside the one string, so key and origin never part. */
export function encodeBoundKey(bound: { key: string; origin: string }): string {
  return PREFIX + JSON.stringify({ origin: bound.origin, key: bound.key });
}

export function decodeBoundKey(stored: string): BoundKey {
  if (!stored.startsWith(PREFIX)) return { key: stored, origin: null };
  try {
    const value = JSON.parse(stored.slice(PREFIX.length)) as { origin?: unknown; key?: unknown };
    if (typeof value.key === 'string' && typeof value.origin === 'string') {
      return { key: value.key, origin: value.origin };
    }
  } catch {
    // fall through: a damaged entry is no key at all
  }
  return { key: '', origin: null };
}
