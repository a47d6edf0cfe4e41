import type { Database } from 'better-sqlite3';

// A vocabulary merge, rename or delete over 100,000 photos held the event loop for seconds in one transaction.
// It now runs in batches, each its own transaction; this table is the change's own record between them, so
// a restart finds an unfinished one and completes it (and an unfinished undo of one, which runs the same way).
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE vocabulary_jobs (
      id INTEGER PRIMARY KEY,
      -- The undo entry that the batches write into; an undo job reverts it.
      edit_id INTEGER NOT NULL REFERENCES edits (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('merge', 'respell', 'delete', 'undo')),
      from_tag TEXT,
      to_tag TEXT,
      -- An undo reverts photo by photo in ascending id: the last photo id reverted.
      cursor INTEGER NOT NULL DEFAULT 0,
      done INTEGER NOT NULL DEFAULT 0,
      started_at TEXT NOT NULL
    ) STRICT;
    -- An undo reads an edit's rows one batch of photos at a time.
    CREATE INDEX edit_rows_edit_photo ON edit_rows (edit_id, photo_id);
  `);
}
