import type { Database } from 'better-sqlite3';
import { RAW_EXTENSIONS } from '../imaging/rawFormat';

// A photo may live at several paths; any readable one will do for thumbnails, uploads and "show in folder".
// A RAW+JPEG pair is one photo, and its pictures come from the JPEG, whichever of the two was found first.
export function findReadablePath(db: Database, hash: string): string | null {
  const row = db
    .prepare(
      `SELECT f.path FROM files f JOIN photos p ON p.id = f.photo_id
       WHERE p.hash = ? AND f.error IS NULL ORDER BY ${rawLast('f.path')}, f.id LIMIT 1`,
    )
    .get(hash) as { path: string } | undefined;
  return row?.path ?? null;
}

const rawLast = (path: string) =>
  `CASE WHEN ${RAW_EXTENSIONS.map((ext) => `lower(${path}) LIKE '%.${ext}'`).join(' OR ')} THEN 1 ELSE 0 END`;

export function findReadablePathById(db: Database, photoId: number): string | null {
  const row = db
    .prepare(
      `SELECT path FROM files WHERE photo_id = ? AND error IS NULL ORDER BY ${rawLast('path')}, id LIMIT 1`,
    )
    .get(photoId) as { path: string } | undefined;
  return row?.path ?? null;
}
