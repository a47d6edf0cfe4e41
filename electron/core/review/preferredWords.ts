import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import { PREFERRED_WORDS } from '../captioning/prompt';
import { mostUsedOwnedTags } from '../stores/tagsStore';

/** A minute: often enough to follow the owner's reviewing, rare enough to cost nothing per caption. */
export const PREFERRED_WORDS_TTL_MS = 60_000;

/**
 * The catalogue's most used tags the owner stands behind (accepted or their own), most used first, for the
 * prompt. The count runs over the tag index once a minute at most; every caption in between reuses it.
 */
export function createPreferredWords(db: Database, clock: Clock): () => readonly string[] {
  let cached: { at: number; words: readonly string[] } | null = null;
  return () => {
    const now = clock.now();
    if (!cached || now - cached.at >= PREFERRED_WORDS_TTL_MS) {
      cached = { at: now, words: mostUsedOwnedTags(db, PREFERRED_WORDS) };
    }
    return cached.words;
  };
}
