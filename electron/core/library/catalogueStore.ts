import type { Database } from 'better-sqlite3';
import type { Folder, PhotoMetadata, UnreadableFile } from '../../../shared/types';
import { withoutExportedSuggestions } from '../export/exportedWords';
import { storeImported, type ImportedDescriptions } from '../review/importedMetadata';

export interface FolderRow {
  id: number;
  path: string;
  added_at: string;
  local_only: number;
  /** 1 once the user said yes to watching a tree far larger than a photo library. */
  large_tree_ok: number;
}

export interface FileRow {
  id: number;
  folder_id: number;
  path: string;
  size: number;
  mtime_ms: number;
  photo_id: number | null;
  error: string | null;
}

export interface FileFacts {
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
}

/** The library's SQL in one place; every write here is synchronous and short. */
export class CatalogueStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  folders(): FolderRow[] {
    return this.#db
      .prepare('SELECT id, path, added_at, local_only, large_tree_ok FROM folders ORDER BY path')
      .all() as FolderRow[];
  }

  folder(id: number): FolderRow | undefined {
    return this.#db
      .prepare('SELECT id, path, added_at, local_only, large_tree_ok FROM folders WHERE id = ?')
      .get(id) as FolderRow | undefined;
  }

  insertFolder(path: string, addedAt: string): FolderRow {
    const info = this.#db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(path, addedAt);
    return { id: Number(info.lastInsertRowid), path, added_at: addedAt, local_only: 0, large_tree_ok: 0 };
  }

  setLargeTreeOk(id: number): void {
    this.#db.prepare('UPDATE folders SET large_tree_ok = 1 WHERE id = ?').run(id);
  }

  setLocalOnly(id: number, localOnly: boolean): void {
    this.#db.prepare('UPDATE folders SET local_only = ? WHERE id = ?').run(localOnly ? 1 : 0, id);
  }

  folderCounts(id: number): Pick<Folder, 'photoCount' | 'unreadableCount'> {
    const row = this.#db
      .prepare(
        `SELECT
           (SELECT count(DISTINCT photo_id) FROM files WHERE folder_id = ? AND photo_id IS NOT NULL AND error IS NULL) AS photos,
           (SELECT count(*) FROM files WHERE folder_id = ? AND error IS NOT NULL) AS unreadable`,
      )
      .get(id, id) as { photos: number; unreadable: number };
    return { photoCount: row.photos, unreadableCount: row.unreadable };
  }

  unreadable(folderId?: number): UnreadableFile[] {
    const rows = (
      folderId === undefined
        ? this.#db
            .prepare('SELECT path, folder_id, error FROM files WHERE error IS NOT NULL ORDER BY path')
            .all()
        : this.#db
            .prepare(
              'SELECT path, folder_id, error FROM files WHERE error IS NOT NULL AND folder_id = ? ORDER BY path',
            )
            .all(folderId)
    ) as Array<{ path: string; folder_id: number; error: string }>;
    return rows.map((row) => ({ path: row.path, folderId: row.folder_id, reason: row.error }));
  }

  /** Catalogued files whose path starts with `prefix`, by path range (the unique index on path serves it). */
  filePathsStartingWith(prefix: string): string[] {
    return this.#db
      .prepare('SELECT path FROM files WHERE path >= ? AND path < ? AND photo_id IS NOT NULL')
      .pluck()
      .all(prefix, `${prefix}\uffff`) as string[];
  }

  /** Readable catalogued files whose path starts with `prefix` (a RAW+JPEG stack), with their photos. */
  photoFilesStartingWith(prefix: string): Array<{ path: string; photo_id: number }> {
    return this.#db
      .prepare(
        'SELECT path, photo_id FROM files WHERE path >= ? AND path < ? AND photo_id IS NOT NULL AND error IS NULL',
      )
      .all(prefix, `${prefix}\uffff`) as Array<{ path: string; photo_id: number }>;
  }

  /** Unreadable files whose path starts with `prefix` (a RAW without a usable preview). */
  unreadablePathsStartingWith(prefix: string): string[] {
    return this.#db
      .prepare('SELECT path FROM files WHERE path >= ? AND path < ? AND error IS NOT NULL')
      .pluck()
      .all(prefix, `${prefix}\uffff`) as string[];
  }

  /** Points an unreadable location at a readable photo it belongs to. */
  adoptUnreadable(path: string, photoId: number): void {
    this.#db
      .prepare('UPDATE files SET photo_id = ?, error = NULL WHERE path = ? AND error IS NOT NULL')
      .run(photoId, path);
  }

  fileByPath(path: string): FileRow | undefined {
    return this.#db.prepare('SELECT * FROM files WHERE path = ?').get(path) as FileRow | undefined;
  }

  filePathsOfFolder(folderId: number): string[] {
    return this.#db.prepare('SELECT path FROM files WHERE folder_id = ?').pluck().all(folderId) as string[];
  }

  photoIdByHash(hash: string): number | undefined {
    return this.#db.prepare('SELECT id FROM photos WHERE hash = ?').pluck().get(hash) as number | undefined;
  }

  /** Records (or re-points) one location. Returns the photo it pointed at before, if any. */
  upsertFile(facts: FileFacts, photoId: number | null, error: string | null): number | null {
    const previous = this.fileByPath(facts.path)?.photo_id ?? null;
    this.#db
      .prepare(
        `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size,
           mtime_ms = excluded.mtime_ms, photo_id = excluded.photo_id, error = excluded.error`,
      )
      .run(facts.folderId, facts.path, facts.size, facts.mtimeMs, photoId, error);
    return previous;
  }

  /**
   * A new photo, its first location and its caption job, all or nothing. If a concurrent ingest of another
   * copy got there first, the file joins that photo instead and no job is added.
   */
  insertPhotoWithJob(
    facts: FileFacts,
    hash: string,
    format: string | null,
    m: PhotoMetadata,
    now: string,
    origin: 'scan' | 'watch' = 'scan',
    imported: ImportedDescriptions | null = null,
  ): { photoId: number; created: boolean; previous: number | null } {
    return this.#db.transaction(() => {
      const existing = this.photoIdByHash(hash);
      if (existing !== undefined) {
        return { photoId: existing, created: false, previous: this.upsertFile(facts, existing, null) };
      }
      const info = this.#db
        .prepare(
          `INSERT INTO photos (hash, bytes, format, width, height, taken_at, camera_make, camera_model, lens,
             gps_lat, gps_lon, orientation, caption_status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
        )
        .run(
          hash,
          facts.size,
          format ?? m.format,
          m.width,
          m.height,
          m.takenAt,
          m.cameraMake,
          m.cameraModel,
          m.lens,
          m.gpsLatitude,
          m.gpsLongitude,
          m.orientation,
          now,
        );
      const photoId = Number(info.lastInsertRowid);
      const previous = this.upsertFile(facts, photoId, null);
      this.#db
        .prepare(`INSERT INTO caption_jobs (photo_id, state, updated_at, origin) VALUES (?, 'queued', ?, ?)`)
        .run(photoId, now, origin);
      if (imported) storeImported(this.#db, photoId, imported, now);
      return { photoId, created: true, previous };
    })();
  }

  /** Words read again from a known photo: new keywords join as the user's; nothing of theirs is replaced. */
  mergeImported(photoId: number, found: ImportedDescriptions, now: string): void {
    this.#db.transaction(() =>
      storeImported(this.#db, photoId, withoutExportedSuggestions(this.#db, photoId, found), now),
    )();
  }

  /** Forgets one location; returns the photo it showed, which may now have no files. */
  deleteFile(path: string): number | null | undefined {
    const row = this.fileByPath(path);
    if (!row) return undefined;
    this.#db.prepare('DELETE FROM files WHERE id = ?').run(row.id);
    return row.photo_id;
  }

  /** Forgets every location under `dir`; returns the photos they showed. */
  deleteFilesUnder(dir: string, sep: string): number[] {
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    return this.#db.transaction(() => {
      const ids = this.#db
        .prepare('SELECT DISTINCT photo_id FROM files WHERE substr(path, 1, ?) = ? AND photo_id IS NOT NULL')
        .pluck()
        .all(prefix.length, prefix) as number[];
      this.#db.prepare('DELETE FROM files WHERE substr(path, 1, ?) = ?').run(prefix.length, prefix);
      return ids;
    })();
  }

  fileCountOfPhoto(photoId: number): number {
    return this.#db.prepare('SELECT count(*) FROM files WHERE photo_id = ?').pluck().get(photoId) as number;
  }

  /** Deletes the photo (jobs, tags and search row cascade) only if it still has no location. */
  deletePhotoIfOrphan(photoId: number): boolean {
    const info = this.#db
      .prepare('DELETE FROM photos WHERE id = ? AND NOT EXISTS (SELECT 1 FROM files WHERE photo_id = ?)')
      .run(photoId, photoId);
    return info.changes > 0;
  }

  orphanPhotoIds(): number[] {
    return this.#db
      .prepare('SELECT id FROM photos p WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id)')
      .pluck()
      .all() as number[];
  }

  /** Removes a folder and its locations; photos left with no location anywhere go too. */
  deleteFolder(id: number): number {
    return this.#db.transaction(() => {
      const photoIds = this.#db
        .prepare('SELECT DISTINCT photo_id FROM files WHERE folder_id = ? AND photo_id IS NOT NULL')
        .pluck()
        .all(id) as number[];
      this.#db.prepare('DELETE FROM files WHERE folder_id = ?').run(id);
      this.#db.prepare('DELETE FROM folders WHERE id = ?').run(id);
      let removed = 0;
      for (const photoId of photoIds) if (this.deletePhotoIfOrphan(photoId)) removed++;
      return removed;
    })();
  }
}
