// What a search works out from the catalogue and may reuse until the catalogue changes: a word's related
// words (looked up in the index's vocabulary, milliseconds each at a million photos) come back with every
// key typed after it, and the library's photo count with every empty search. Any write to the catalogue,
// by this connection or another one, starts afresh, so nothing remembered outlives what it was read from.
import type { Database } from 'better-sqlite3';
import { catalogueVersion } from '../stores/searchStore';

/** Enough for every word of a long session of typing; past it the memo starts over rather than grow. */
const MAX_ENTRIES = 2_000;

interface Memo {
  version: string;
  entries: Map<string, unknown>;
}

const memos = new WeakMap<Database, Memo>();

function currentMemo(db: Database): Memo {
  const version = catalogueVersion(db);
  let memo = memos.get(db);
  if (!memo || memo.version !== version || memo.entries.size >= MAX_ENTRIES) {
    memo = { version, entries: new Map() };
    memos.set(db, memo);
  }
  return memo;
}

/** `compute()`'s answer for `key`, remembered while the catalogue stays as it is. */
export function remembered<T>(db: Database, key: string, compute: () => T): T {
  const memo = currentMemo(db);
  if (memo.entries.has(key)) return memo.entries.get(key) as T;
  const value = compute();
  // Computing may itself write (the word pairs are rebuilt on first use): remember against the new state.
  currentMemo(db).entries.set(key, value);
  return value;
}

/** Forgets everything (a benchmark measuring words never searched before). */
export function forgetSearchMemo(db: Database): void {
  memos.delete(db);
}
