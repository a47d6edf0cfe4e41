import BetterSqlite3, { type Database } from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';
import { prepared, preparedValues } from './prepared';
import { registerSqlFunctions } from './sqlFunctions';

export class DatabaseFromFutureError extends Error {
  override readonly name = 'DatabaseFromFutureError';
}

/**
 * Opens (creating if needed) the catalogue at `file` — ':memory:' for tests — in WAL mode and brings its
 * schema up to date. A catalogue written by a newer Shoebox is refused rather than guessed at.
 */
export function openDatabase(file: string): Database {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The migrations that arrived with schema_migrations itself. A catalogue from before the list had every other
 * migration up to its PRAGMA user_version (which alone said how far it was), and none of these: they are
 * numbered below the latest, in other areas' ranges, where user_version cannot tell that they are missing.
 */
const ARRIVED_WITH_THE_LIST = new Set([13]);

const RECORD_MIGRATION = 'INSERT INTO schema_migrations (version) VALUES (?)';

function appliedMigrations(db: Database, current: number): Set<number> {
  const listed = prepared(
    db,
    `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`,
  ).get();
  if (!listed) {
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY) STRICT');
    const insert = prepared(db, RECORD_MIGRATION);
    for (const { version } of MIGRATIONS)
      if (version <= current && !ARRIVED_WITH_THE_LIST.has(version)) insert.run(version);
  }
  return new Set(preparedValues(db, 'SELECT version FROM schema_migrations').all() as number[]);
}

/**
 * Applies every migration the catalogue has not had yet, in ascending order, up to `upTo` (tests stop early
 * to fill old data). Each is listed in schema_migrations as it is applied, so one numbered below the latest
 * (merged later from another area's range) still runs; user_version keeps the highest for older builds.
 */
export function migrate(db: Database, upTo: number = LATEST_VERSION): void {
  registerSqlFunctions(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  const known = new Set(MIGRATIONS.map((migration) => migration.version));
  const future = () =>
    new DatabaseFromFutureError(
      `This catalogue was written by a newer Shoebox (schema ${current}; this one knows ${LATEST_VERSION}).`,
    );
  if (current > LATEST_VERSION) throw future();
  const applied = db.transaction(() => appliedMigrations(db, current))();
  if ([...applied].some((version) => !known.has(version))) throw future();
  for (const { version, up } of MIGRATIONS) {
    if (applied.has(version) || version > upTo) continue;
    db.transaction(() => {
      up(db);
      prepared(db, RECORD_MIGRATION).run(version);
      if (version > (db.pragma('user_version', { simple: true }) as number))
        db.pragma(`user_version = ${version}`);
    })();
  }
}
