// A real catalogue file for each test of a suite: created (and seeded) before it, closed and removed after
// it, also when it fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase } from '../../electron/core/db/openDatabase';

export interface TempCatalogue {
  readonly db: Database;
  /** The temp folder holding it, for a second file beside it. */
  readonly dir: string;
}

/** Call at the top of a `describe`; `seed` is SQL run on every fresh catalogue. */
export function catalogueForEachTest(name: string, seed = ''): TempCatalogue {
  let dir: string | undefined;
  let db: Database | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `shoebox-${name}-`));
    db = openDatabase(join(dir, 'catalogue.db'));
    if (seed) db.exec(seed);
  });
  afterEach(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = undefined;
    dir = undefined;
  });
  return {
    get db() {
      if (!db) throw new Error('the catalogue exists only inside a test');
      return db;
    },
    get dir() {
      if (!dir) throw new Error('the catalogue exists only inside a test');
      return dir;
    },
  };
}
