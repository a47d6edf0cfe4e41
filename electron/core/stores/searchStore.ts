// The search index's fixed statements: whether a phrase is in the index (`photos_fts`), how many photos hold
// each word of its vocabulary (`photos_vocab`), the word pairs counted from the catalogue (`word_pairs`,
// `word_pairs_built`) and the counters that say the catalogue changed. The ranked queries, whose text depends
// on the filters, are in `searchScope.ts`.
import type { Database } from 'better-sqlite3';
import { prepared, preparedArrays, preparedValues } from '../db/prepared';

/** True when an FTS5 expression matches at least one photo. */
export function indexMatchesAny(db: Database, match: string): boolean {
  return prepared(db, 'SELECT 1 FROM photos_fts WHERE photos_fts MATCH ? LIMIT 1').get(match) !== undefined;
}

/** How many photos hold each of `terms` (index forms); a term no photo holds is absent. */
export function vocabularyCounts(db: Database, terms: string[]): Map<string, number> {
  return new Map(
    preparedArrays(
      db,
      'SELECT term, doc FROM photos_vocab WHERE term IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(terms)) as Array<[string, number]>,
  );
}

/** Of `terms`, the one the most photos hold (ties: the first in order), or null when no photo holds any. */
export function commonestTerm(db: Database, terms: string[]): string | null {
  const best = preparedValues(
    db,
    `SELECT term FROM photos_vocab WHERE term IN (SELECT value FROM json_each(?))
     ORDER BY doc DESC, term LIMIT 1`,
  ).get(JSON.stringify(terms)) as string | undefined;
  return best ?? null;
}

/** Up to `limit` index words from `from` (inclusive) to `to` (exclusive), in order. */
export function termsBetween(db: Database, from: string, to: string, limit: number): string[] {
  return preparedValues(db, 'SELECT term FROM photos_vocab WHERE term >= ? AND term < ? LIMIT ?').all(
    from,
    to,
    limit,
  ) as string[];
}

/** The highest photo id in the index: its size, near enough, as ids only grow. 0 when it is empty. */
export function newestIndexedPhotoId(db: Database): number {
  return (preparedValues(db, 'SELECT max(photo_id) FROM search_docs').get() as number | null) ?? 0;
}

/** The caption and tags of the newest `limit` photos that have either, as one text each. */
export function newestDocumentTexts(db: Database, limit: number): string[] {
  return preparedValues(
    db,
    `SELECT caption || ' ' || tags FROM search_docs WHERE caption <> '' OR tags <> ''
     ORDER BY photo_id DESC LIMIT ?`,
  ).all(limit) as string[];
}

export interface WordPairRow {
  word: string;
  other: string;
  score: number;
}

export interface WordPairsBuilt {
  lastPhotoId: number;
  photos: number;
}

/** When the pairs were last counted: up to which photo, over how many; null when never. */
export function wordPairsBuilt(db: Database): WordPairsBuilt | null {
  const row = prepared(db, 'SELECT last_photo_id, photos FROM word_pairs_built WHERE id = 1').get() as
    { last_photo_id: number; photos: number } | undefined;
  return row ? { lastPhotoId: row.last_photo_id, photos: row.photos } : null;
}

/** Replaces every pair with `pairs`, counted up to `built.lastPhotoId` over `built.photos` texts. */
export function replaceWordPairs(db: Database, pairs: WordPairRow[], built: WordPairsBuilt, at: Date): void {
  db.transaction(() => {
    prepared(db, 'DELETE FROM word_pairs').run();
    const insert = prepared(db, 'INSERT INTO word_pairs (word, other, score) VALUES (?, ?, ?)');
    for (const pair of pairs) insert.run(pair.word, pair.other, pair.score);
    prepared(
      db,
      `INSERT INTO word_pairs_built (id, last_photo_id, photos, built_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_photo_id = excluded.last_photo_id, photos = excluded.photos,
       built_at = excluded.built_at`,
    ).run(built.lastPhotoId, built.photos, at.toISOString());
  })();
}

/** The words kept as keeping company with `word`, best first. */
export function pairsOf(db: Database, word: string): Array<{ other: string; score: number }> {
  return prepared(db, 'SELECT other, score FROM word_pairs WHERE word = ? ORDER BY score DESC, other').all(
    word,
  ) as Array<{ other: string; score: number }>;
}

/**
 * Changes whenever the catalogue does: `total_changes()` counts this connection's rows written (triggers
 * included), `data_version` the commits of other connections.
 */
export function catalogueVersion(db: Database): string {
  const ownChanges = preparedValues(db, 'SELECT total_changes()').get();
  const othersChanges = preparedValues(db, 'PRAGMA data_version').get();
  return `${String(ownChanges)}:${String(othersChanges)}`;
}
