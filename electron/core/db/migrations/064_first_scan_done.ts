import type { Database } from 'better-sqlite3';

// When a folder's scan that waits for the user's approval last ran to its end. Until it has, a start goes on
// with that scan, so what it finds still waits for approval instead of spending the watched-folder
// allowance. Folders from before this column are left without a date: their first start after the upgrade
// asks once more rather than spend on a guess.
export function up(db: Database): void {
  db.exec(`ALTER TABLE folders ADD COLUMN scan_done_at TEXT`);
}
