import type { Database } from 'better-sqlite3';

// A photo may live at several paths; any readable one will do for thumbnails, uploads and "show in folder".
export function findReadablePath(db: Database, hash: string): string | null {
  const row = db
    .prepare(
      `SELECT f.path FROM files f JOIN photos p ON p.id = f.photo_id
       WHERE p.hash = ? AND f.error IS NULL ORDER BY f.id LIMIT 1`,
    )
    .get(hash) as { path: string } | undefined;
  return row?.path ?? null;
}

export function findReadablePathById(db: Database, photoId: number): string | null {
  const row = db
    .prepare(`SELECT path FROM files WHERE photo_id = ? AND error IS NULL ORDER BY id LIMIT 1`)
    .get(photoId) as { path: string } | undefined;
  return row?.path ?? null;
}
