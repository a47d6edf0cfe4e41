import type { Database, Statement } from 'better-sqlite3';

/** How a statement hands back its rows: whole rows, each row's only column, or each row as an array. */
type Mode = 'rows' | 'values' | 'arrays';

const caches = new WeakMap<Database, Map<string, Statement>>();

function cached(db: Database, sql: string, mode: Mode): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = `${mode}\n${sql}`;
  let statement = cache.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (mode === 'values') statement.pluck();
    if (mode === 'arrays') statement.raw();
    cache.set(key, statement);
  }
  return statement;
}

/**
 * The one way the core prepares SQL: a statement prepared once per database, since per-photo loops (scans,
 * exports, the queue) would otherwise spend most of their time parsing SQL. Shared by every caller of the same
 * text, so a caller never changes its mode (`.pluck()`, `.raw()`): ask `preparedValues` for plucked rows,
 * `preparedArrays` for raw ones.
 */
export function prepared(db: Database, sql: string): Statement {
  return cached(db, sql, 'rows');
}

/** As `prepared`, answering each row's single column instead of the row (`get` → value, `all` → values). */
export function preparedValues(db: Database, sql: string): Statement {
  return cached(db, sql, 'values');
}

/** As `prepared`, answering each row as an array of its columns, in order (`.raw()`). */
export function preparedArrays(db: Database, sql: string): Statement {
  return cached(db, sql, 'arrays');
}
