// A word no photo contains is probably misspelt: the catalogue's own words one edit away ("beech" → "beach")
// are checked against the index's vocabulary, and the commonest wins.
import type { Database } from 'better-sqlite3';
import { commonestTerm } from '../stores/searchStore';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const MIN_LENGTH = 4;

/** Every string one deletion, transposition, substitution or insertion away from `word`. */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail) out.add(head + letter + tail.slice(1));
      out.add(head + letter + tail);
    }
  }
  out.delete(word);
  return [...out];
}

/** The catalogue's word that `word` most likely meant, or null when none is one edit away. */
export function correctTypo(db: Database, word: string): string | null {
  if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word)) return null;
  return commonestTerm(db, oneEditAway(word));
}
