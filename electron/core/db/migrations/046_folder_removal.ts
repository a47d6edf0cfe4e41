import type { Database } from 'better-sqlite3';

// Removing a folder of 100,000 photos runs in short batches: the folder is marked first, so a removal cut
// short by a quit goes on at the next start instead of the half-removed folder being scanned back in.
export function up(db: Database): void {
  db.exec(`ALTER TABLE folders ADD COLUMN removing INTEGER NOT NULL DEFAULT 0 CHECK (removing IN (0, 1))`);
}
