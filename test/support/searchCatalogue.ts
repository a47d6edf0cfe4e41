// A real catalogue (migrations and triggers) filled with captioned photos directly, for search tests.
import type { Database } from 'better-sqlite3';

export interface TestPhoto {
  caption: string;
  tags?: string[];
  takenAt?: string;
  path?: string;
  gps?: [number, number];
}

export function addFolder(db: Database, path = '/photos'): number {
  return Number(
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(path, 'x').lastInsertRowid,
  );
}

export function addPhotos(db: Database, folderId: number, photos: TestPhoto[]): number[] {
  const photo = db.prepare(
    `INSERT INTO photos (hash, bytes, caption, caption_status, taken_at, gps_lat, gps_lon, created_at)
     VALUES (?, 1, ?, 'done', ?, ?, ?, ?)`,
  );
  const tag = db.prepare('INSERT INTO photo_tags (photo_id, tag) VALUES (?, ?)');
  const file = db.prepare(
    'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)',
  );
  return db.transaction(() =>
    photos.map((p) => {
      const n = (db.prepare('SELECT count(*) FROM photos').pluck().get() as number) + 1;
      const id = Number(
        photo.run(
          `hash-${n}`,
          p.caption,
          p.takenAt ?? null,
          p.gps?.[0] ?? null,
          p.gps?.[1] ?? null,
          '2026-01-01T00:00:00Z',
        ).lastInsertRowid,
      );
      for (const t of p.tags ?? []) tag.run(id, t);
      file.run(folderId, p.path ?? `/photos/IMG_${String(n).padStart(5, '0')}.jpg`, id);
      return id;
    }),
  )();
}
