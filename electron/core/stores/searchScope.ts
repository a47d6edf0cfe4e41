// The search's query builder, and the one module that holds the search's dynamic SQL. Its text depends on the
// search: which filters apply (folder, dates, every year, country, tag) and whether the ranking can read the
// FTS5 index alone, so it cannot be a fixed list of statements; each distinct text is still prepared once
// (`db/prepared.ts`) and every value is a bound parameter. The ranking itself (tiers, windows, how related
// words weigh) is in `search/rankTiers.ts`, which asks these functions for ids and counts and holds no SQL.
import type { Database } from 'better-sqlite3';
import type { DateFilter, SearchQuery } from '../../../shared/types';
import { prepared, preparedArrays, preparedValues } from '../db/prepared';
import { SUMMARY_COLUMNS, hasReadableFile, isReadable, READABLE_FILE, type SummaryRow } from './photosStore';

/** Caption matters most, then tags, then file/folder names, camera, place and the taken date. */
export const BM25 = 'bm25(photos_fts, 10.0, 6.0, 2.0, 2.0, 2.0, 2.0)';

/**
 * Conditions on the photo `p` (folder, dates, tag, a readable file), as SQL and its parameters. `indexOnly`:
 * the only condition is a readable file, which nearly every indexed photo has (a photo whose files are all
 * gone is removed after a grace period), so ranking and counting read the index alone and the page drops
 * the rare photo without one.
 */
export interface Scope {
  sql: string;
  params: unknown[];
  indexOnly: boolean;
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function dateClauses(from: string | undefined, to: string | undefined, clauses: string[], params: unknown[]) {
  if (from) {
    clauses.push('p.taken_at >= ?');
    params.push(from);
  }
  if (to) {
    clauses.push('p.taken_at < ?');
    params.push(nextDay(to));
  }
}

function everyYearClause(filter: DateFilter, clauses: string[], params: unknown[]) {
  if (!filter.everyYearFrom || !filter.everyYearTo) return;
  const wraps = filter.everyYearFrom > filter.everyYearTo;
  clauses.push(
    `p.taken_at IS NOT NULL AND (strftime('%m-%d', p.taken_at) >= ? ${wraps ? 'OR' : 'AND'} strftime('%m-%d', p.taken_at) <= ?)`,
  );
  params.push(filter.everyYearFrom, filter.everyYearTo);
}

/** The filters shared by the ranked and the newest-first queries. */
export function filters(q: SearchQuery, dateFilter: DateFilter | null): Scope {
  const clauses = [q.folderId === undefined ? READABLE_FILE : hasReadableFile({ folder: '?' })];
  const params: unknown[] = q.folderId === undefined ? [] : [q.folderId];
  dateClauses(q.takenFrom, q.takenTo, clauses, params);
  if (dateFilter) {
    dateClauses(dateFilter.from, dateFilter.to, clauses, params);
    everyYearClause(dateFilter, clauses, params);
  }
  if (q.country) {
    clauses.push('EXISTS (SELECT 1 FROM photo_places pp WHERE pp.photo_id = p.id AND pp.country_code = ?)');
    params.push(q.country);
  }
  if (q.tag) {
    clauses.push(
      `EXISTS (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id AND t.tag = ? AND t.state <> 'rejected')`,
    );
    params.push(q.tag);
  }
  return { sql: clauses.join(' AND '), params, indexOnly: clauses.length === 1 && params.length === 0 };
}

function fromWhere(scope: Scope): { sql: string; params: unknown[] } {
  return scope.indexOnly
    ? { sql: 'FROM photos_fts WHERE photos_fts MATCH ?', params: [] }
    : {
        sql: `FROM photos_fts JOIN photos p ON p.id = photos_fts.rowid WHERE photos_fts MATCH ? AND ${scope.sql}`,
        params: scope.params,
      };
}

/**
 * The newest `window` photos in scope matching the FTS5 expression `match`, each with its bm25 score (higher
 * is better). FTS5 walks rowid order for free, so only those are scored.
 */
export function scoredMatches(
  db: Database,
  match: string,
  scope: Scope,
  window: number,
): Map<number, number> {
  const where = fromWhere(scope);
  const rows = preparedArrays(
    db,
    `SELECT photos_fts.rowid AS id, -${BM25} AS score ${where.sql} ORDER BY photos_fts.rowid DESC LIMIT ?`,
  ).all(match, ...where.params, window) as Array<[number, number]>;
  return new Map(rows);
}

/** How many photos in scope match `match`, counting no further than `upTo`. */
export function countMatches(db: Database, match: string, scope: Scope, upTo: number): number {
  const where = fromWhere(scope);
  return preparedValues(db, `SELECT count(*) FROM (SELECT 1 ${where.sql} LIMIT ?)`).get(
    match,
    ...where.params,
    upTo,
  ) as number;
}

/** The summary rows of photos `ids`, in no particular order; ids without a photo are absent. */
export function summariesOf(db: Database, ids: number[]): SummaryRow[] {
  return prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS}, NULL AS highlighted FROM json_each(?) page JOIN photos p ON p.id = page.value`,
  ).all(JSON.stringify(ids)) as SummaryRow[];
}

/** A page of the photos in scope, newest first. */
export function newestInScope(db: Database, scope: Scope, limit: number, offset: number): SummaryRow[] {
  return prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS}, NULL AS highlighted FROM photos p WHERE ${scope.sql}
       ORDER BY coalesce(p.taken_at, p.created_at) DESC, p.id DESC LIMIT ? OFFSET ?`,
  ).all(...scope.params, limit, offset) as SummaryRow[];
}

/** How many photos are in scope. */
export function countInScope(db: Database, scope: Scope): number {
  // Without filters, counting photos that have a readable file walks one index instead of probing each photo.
  return (
    scope.params.length === 0
      ? preparedValues(
          db,
          `SELECT count(DISTINCT f.photo_id) FROM files f WHERE f.photo_id IS NOT NULL AND ${isReadable('f')}`,
        ).get()
      : preparedValues(db, `SELECT count(*) FROM photos p WHERE ${scope.sql}`).get(...scope.params)
  ) as number;
}
