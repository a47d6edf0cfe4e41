// SQL functions the schema itself calls (in triggers and views), so every connection that may write to the
// catalogue must have them before it touches a table: `migrate` registers them first thing.
import type { Database } from 'better-sqlite3';
import { cjkSpaced } from '../language/cjk';

export function registerSqlFunctions(db: Database): void {
  db.function('search_text', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? cjkSpaced(text) : text,
  );
}
