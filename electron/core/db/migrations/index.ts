import type { Database } from 'better-sqlite3';
import { up as catalogue } from './001_catalogue';
import { up as spend } from './002_spend';
import { up as review } from './003_review';
import { up as exportedWords } from './004_exported_words';
import { up as searchStems } from './010_search_stems';
import { up as wordPairs } from './011_word_pairs';
import { up as places } from './012_places';

/** Migration N (1-based) is MIGRATIONS[N - 1]; the applied count is kept in PRAGMA user_version. */
// Numbers 005-009 belong to other branches; until they land, their places are held by steps that do nothing.
const reserved = (): void => undefined;

export const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [
  catalogue,
  spend,
  review,
  exportedWords,
  reserved,
  reserved,
  reserved,
  reserved,
  reserved,
  searchStems,
  wordPairs,
  places,
];
