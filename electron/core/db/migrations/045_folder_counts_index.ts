import type { Database } from 'better-sqlite3';

// A folder's photo and unreadable counts (shown with every folders.changed) read this index alone instead of
// every row of the folder's files; it starts with folder_id, so it also serves what files_folder did.
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX files_folder_photo ON files (folder_id, photo_id, error);
    DROP INDEX files_folder;
  `);
}
