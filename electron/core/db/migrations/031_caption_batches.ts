import type { Database } from 'better-sqlite3';

// The batch route: a job sent to the provider's batch API, persisted so a restart picks it up again. Its
// photos keep their caption_jobs row (marked with the batch) until the results are stored or come back.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE caption_batches (
      id INTEGER PRIMARY KEY,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      remote_id TEXT,
      input_file TEXT,
      state TEXT NOT NULL CHECK (state IN ('submitting', 'running', 'done', 'cancelled', 'expired', 'failed')),
      photos INTEGER NOT NULL,
      captioned INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      returned INTEGER NOT NULL DEFAULT 0,
      ledger_id INTEGER,
      billed_cost REAL,
      error TEXT,
      created_at TEXT NOT NULL,
      finished_at TEXT
    ) STRICT;
    ALTER TABLE caption_jobs ADD COLUMN batch_id INTEGER REFERENCES caption_batches (id);
    CREATE INDEX caption_jobs_batch ON caption_jobs (batch_id) WHERE batch_id IS NOT NULL;
  `);
}
