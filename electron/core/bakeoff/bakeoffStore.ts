// The bake-off's SQL: samples to choose from and the answers of each run. Functions that take the database
// first, as the stores in stores/ are.
import type { Database } from 'better-sqlite3';
import type { BakeoffResult } from '../../../shared/types';
import { prepared, preparedValues } from '../db/prepared';
import { READABLE_FILE, readablePathOf } from '../stores/photosStore';

/** Photos with a readable copy, oldest taken first: a spread over this list is a spread over time. */
export function readablePhotosByTime(db: Database): number[] {
  return preparedValues(
    db,
    `SELECT p.id FROM photos p WHERE ${READABLE_FILE} ORDER BY coalesce(p.taken_at, p.created_at), p.id`,
  ).all() as number[];
}

export function photoFacts(
  db: Database,
  id: number,
): { id: number; hash: string; width: number | null; height: number | null } | undefined {
  return prepared(db, `SELECT id, hash, width, height FROM photos WHERE id = ?`).get(id) as
    { id: number; hash: string; width: number | null; height: number | null } | undefined;
}

export function nextRunId(db: Database): number {
  return ((preparedValues(db, `SELECT max(run_id) FROM bakeoff_results`).get() as number | null) ?? 0) + 1;
}

export function record(
  db: Database,
  runId: number,
  row: Omit<BakeoffResult, 'fileName' | 'hash'>,
  at: string,
): void {
  prepared(
    db,
    `INSERT INTO bakeoff_results (run_id, photo_id, model, caption, tags, latency_ms, cost, error, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    row.photoId,
    row.model,
    row.caption,
    JSON.stringify(row.tags),
    row.latencyMs,
    row.costUsd,
    row.error,
    at,
  );
}

/** Each answer with the name of the file its picture came from (a RAW+JPEG pair's JPEG, as lists show it). */
export function results(db: Database, runId: number): BakeoffResult[] {
  const rows = prepared(
    db,
    `SELECT r.photo_id AS photoId, r.model, r.caption, r.tags, r.latency_ms AS latencyMs, r.cost AS costUsd,
         r.error, (SELECT hash FROM photos p WHERE p.id = r.photo_id) AS hash, ${readablePathOf('r.photo_id')} AS path
     FROM bakeoff_results r WHERE r.run_id = ? ORDER BY r.id`,
  ).all(runId) as Array<Omit<BakeoffResult, 'tags' | 'fileName'> & { tags: string; path: string | null }>;
  return rows.map(({ path, tags, ...row }) => ({
    ...row,
    tags: JSON.parse(tags) as string[],
    fileName: path ? (path.split(/[\\/]/).at(-1) ?? path) : `photo ${row.photoId}`,
  }));
}
