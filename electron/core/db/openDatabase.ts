import BetterSqlite3, { type Database } from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';
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

/** Applies every migration after the catalogue's version, up to `upTo` (tests stop early to fill old data). */
export function migrate(db: Database, upTo: number = LATEST_VERSION): void {
  registerSqlFunctions(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new DatabaseFromFutureError(
      `This catalogue was written by a newer Shoebox (schema ${current}; this one knows ${LATEST_VERSION}).`,
    );
  }
  for (const { version, up } of MIGRATIONS) {
    if (version <= current || version > upTo) continue;
    db.transaction(() => {
      up(db);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
