import type { Database } from 'better-sqlite3';

// Every call to a provider, written before it is sent (a reservation against the budget caps) and settled
// after it returns. A row left 'in-flight' by a crash becomes 'interrupted' at the next start and keeps
// counting at its reserved (worst-case) cost, so caps stay safe when Shoebox cannot know what was billed.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE ledger (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      day TEXT NOT NULL,
      month TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      photo_id INTEGER,
      photo_hash TEXT,
      attempt INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('in-flight', 'settled', 'interrupted')),
      estimated_cost REAL NOT NULL,
      reserved_cost REAL NOT NULL,
      reported_cost REAL,
      cost REAL,
      billed INTEGER,
      input_tokens INTEGER,
      output_tokens INTEGER,
      image_tokens INTEGER,
      generation_id TEXT,
      http_status INTEGER,
      latency_ms INTEGER,
      outcome TEXT,
      error TEXT,
      -- 1 when the call spent the daily auto-caption allowance rather than an approved estimate.
      auto INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX ledger_day ON ledger (day);
    CREATE INDEX ledger_month ON ledger (month);
    CREATE INDEX ledger_state ON ledger (state);

    -- Spending waits for a yes: jobs from scanning a folder need the user's approval of an estimate;
    -- jobs for photos that arrive later while watching ('watch') may spend the daily allowance.
    ALTER TABLE caption_jobs ADD COLUMN approved INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE caption_jobs ADD COLUMN origin TEXT NOT NULL DEFAULT 'scan' CHECK (origin IN ('scan', 'watch'));

    -- "Never send to a cloud provider": photos only in such folders wait for a local (custom) server.
    ALTER TABLE folders ADD COLUMN local_only INTEGER NOT NULL DEFAULT 0;
  `);
}
