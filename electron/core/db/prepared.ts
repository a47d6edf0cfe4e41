import type { Database, Statement } from 'better-sqlite3';
import { planStaysBound } from './planStaysBound';

/** How a statement hands back its rows: whole rows, each row's only column, or each row as an array. */
type Mode = 'rows' | 'values' | 'arrays';

type Cache = Record<Mode, Map<string, Statement>>;

const caches = new WeakMap<Database, Cache>();

// One map per mode, keyed by the text itself: a key built per call (mode + text) would be a new string to hash
// on every lookup, and a scan looks statements up several times per file.
function cached(db: Database, sql: string, mode: Mode): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { rows: new Map(), values: new Map(), arrays: new Map() }));
  const byText = cache[mode];
  let statement = byText.get(sql);
  if (!statement) {
    statement = db.prepare(planStaysBound(sql));
    if (mode === 'values') statement.pluck();
    if (mode === 'arrays') statement.raw();
    byText.set(sql, statement);
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
