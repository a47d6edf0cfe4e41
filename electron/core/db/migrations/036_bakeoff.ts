import type { Database } from 'better-sqlite3';

// A model bake-off: sample photos captioned by several models side by side. Each answer is kept here, not
// as the photo's caption; the bill is in the ledger like any other call.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE bakeoff_results (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL,
      photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
      model TEXT NOT NULL,
      caption TEXT,
      tags TEXT NOT NULL DEFAULT '[]',
      latency_ms INTEGER,
      cost REAL,
      error TEXT,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX bakeoff_results_run ON bakeoff_results (run_id, photo_id);
  `);
}
