// SQL functions the schema itself calls (in triggers and views), so every connection that may write to the
// catalogue must have them before it touches a table: `migrate` registers them first thing. The stores'
// own functions are here too, so a query works on any connection.
import type { Database } from 'better-sqlite3';
import { hammingDistance } from '../grouping/hamming';
import { cjkSpaced } from '../language/cjk';

export function registerSqlFunctions(db: Database): void {
  db.function('search_text', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? cjkSpaced(text) : text,
  );
  // The look-alike queries' distance between two difference hashes (stores/groupingStore.ts).
  db.function('dhash_distance', { deterministic: true }, (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' ? hammingDistance(a, b) : 64,
  );
}
