import type { Database } from 'better-sqlite3';

// A tree far larger than a photo library waits for the user's yes before it is watched; the yes is kept, so
// it is not asked again at every start.
export function up(db: Database): void {
  db.exec(
    `ALTER TABLE folders ADD COLUMN large_tree_ok INTEGER NOT NULL DEFAULT 0 CHECK (large_tree_ok IN (0, 1));`,
  );
}
