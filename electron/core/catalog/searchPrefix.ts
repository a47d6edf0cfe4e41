// The word being typed matches as a prefix. FTS5 keeps prefix indexes for two and three letters only; a
// longer prefix makes it gather and merge the posting list of every word that starts with it, once to match
// and again to weigh it for bm25: "street"* costs ten times "street" at a million photos. When the index
// holds only a few words with that start, the search asks for exactly those words instead.
import type { Database } from 'better-sqlite3';
import { indexForm } from '../search/highlight';
import { termsBetween } from '../stores/searchStore';
import { remembered } from './searchMemo';

/** Lengths FTS5 answers from its own prefix indexes (`prefix = '2 3'`, migration 010). */
const INDEXED_PREFIX_LENGTHS = new Set([2, 3]);
/** Past this many words an OR costs about what the merge does, and the merge is what FTS5 does best. */
const MAX_COMPLETIONS = 16;
const AFTER_EVERY_CHARACTER = '\u{10FFFF}';

/**
 * The index's words that the prefix `word` stands for, or null to leave it a prefix: when FTS5 has an index
 * for it, when there are too many, when the word is finished but others start with it too, or when one of
 * them would not come back unchanged from FTS5's stemmer (a query word is stemmed again, so only a word that
 * is its own stem can be asked for as it is).
 */
export function prefixCompletions(db: Database, word: string): string[] | null {
  // FTS5 stems a prefix before it looks it up, as it does any query word.
  const stem = indexForm(word);
  if (INDEXED_PREFIX_LENGTHS.has([...stem].length) || [...stem].length < 2) return null;
  return remembered(db, `prefix\t${stem}`, () => {
    const terms = termsBetween(db, stem, stem + AFTER_EVERY_CHARACTER, MAX_COMPLETIONS + 1);
    if (terms.length === 0 || terms.length > MAX_COMPLETIONS) return null;
    // bm25 weighs each word of an OR by its own rarity, where the prefix weighs them as one: a finished word
    // ("beach", with "beachfront" in the index too) keeps FTS5's ranking; a word still being typed, which
    // is no word of the index yet, is asked for by its completions until the next key.
    if (terms.length > 1 && terms.includes(stem)) return null;
    return terms.every((term) => indexForm(term) === term) ? terms : null;
  });
}
