import type { Database } from 'better-sqlite3';
import { preparedValues } from '../db/prepared';

// Questions about a short list of photos that a ranking already chose: which of them match an FTS5
// expression, which are within a search's filters. Each is one statement over the list, never a scan.

export function photosMatching(db: Database, match: string, photoIds: number[]): Set<number> {
  const rows = preparedValues(
    db,
    `SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
  ).all(match, JSON.stringify(photoIds)) as number[];
  return new Set(rows);
}

/** `condition` is a search scope's SQL on the photo `p`, with its parameters. */
export function photosWithin(
  db: Database,
  photoIds: number[],
  condition: { sql: string; params: unknown[] },
): Set<number> {
  const rows = preparedValues(
    db,
    `SELECT p.id FROM json_each(?) ids JOIN photos p ON p.id = ids.value WHERE ${condition.sql}`,
  ).all(JSON.stringify(photoIds), ...condition.params) as number[];
  return new Set(rows);
}
