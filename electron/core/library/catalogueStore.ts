import type { Database } from 'better-sqlite3';
import type { Folder, PhotoMetadata, UnreadableFile } from '../../../shared/types';
import { prepared, preparedArrays, preparedValues } from '../db/prepared';
import { withoutExportedSuggestions } from '../export/exportedWords';
import { storeImported, type ImportedDescriptions } from '../review/importedMetadata';
import { isReadable } from '../stores/photosStore';
import { removeFolderBatch as removeFolderBatchIn, type RemovalBatch } from '../stores/folderRemovalStore';

export interface FolderRow {
  id: number;
  path: string;
  added_at: string;
  local_only: number;
  /** 1 once the user said yes to watching a tree far larger than a photo library. */
  large_tree_ok: number;
  /** When its last scan that waits for approval (the first, a rescan) ran to its end; null until then. */
  scan_done_at: string | null;
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

/**
 * What a catch-up compares a listed file with: its size, whole-millisecond mtime and whether it was unreadable;
 * and the photo it shows, for a rescan that reads the photo's own words again.
 */
export interface KnownFile {
  size: number;
  mtimeMs: number;
  unreadable: boolean;
  photoId: number | null;
}

export interface FileFacts {
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * The bounds of every text starting with `prefix`: the prefix itself up to the prefix with its last character
 * raised by one (so characters beyond U+FFFF, which sort after any bound string of U+FFFFs, are inside too).
 */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}

// Built once, not per call: a scan asks for a stack's files once per file.
const FOLDER_COUNTS = `SELECT
    (SELECT count(DISTINCT f.photo_id) FROM files f
       WHERE f.folder_id = ? AND f.photo_id IS NOT NULL AND ${isReadable()}) AS photos,
    (SELECT count(*) FROM files WHERE folder_id = ? AND error IS NOT NULL) AS unreadable`;
const READABLE_FILES_IN_RANGE = `SELECT f.path, f.photo_id FROM files f
  WHERE f.path >= ? AND f.path < ? AND f.photo_id IS NOT NULL AND ${isReadable()}`;

/** The library's SQL in one place; every write here is synchronous and short. */
export function createCatalogueStore(db: Database) {
  const countsByFolder = new Map<number, Pick<Folder, 'photoCount' | 'unreadableCount'>>();

  function folders(): FolderRow[] {
    return prepared(
      db,
      'SELECT id, path, added_at, local_only, large_tree_ok, scan_done_at FROM folders WHERE removing = 0 ORDER BY path',
    ).all() as FolderRow[];
  }

  function folder(id: number): FolderRow | undefined {
    return prepared(
      db,
      'SELECT id, path, added_at, local_only, large_tree_ok, scan_done_at FROM folders WHERE id = ? AND removing = 0',
    ).get(id) as FolderRow | undefined;
  }

  function insertFolder(path: string, addedAt: string): FolderRow {
    const info = prepared(db, 'INSERT INTO folders (path, added_at) VALUES (?, ?)').run(path, addedAt);
    return {
      id: Number(info.lastInsertRowid),
      path,
      added_at: addedAt,
      local_only: 0,
      large_tree_ok: 0,
      scan_done_at: null,
    };
  }

  function setLargeTreeOk(id: number): void {
    prepared(db, 'UPDATE folders SET large_tree_ok = 1 WHERE id = ?').run(id);
  }

  /** `at` once a scan that waits for approval ran to its end; null as such a scan begins. */
  function setScanDone(id: number, at: string | null): void {
    prepared(db, 'UPDATE folders SET scan_done_at = ? WHERE id = ?').run(at, id);
  }

  function setLocalOnly(id: number, localOnly: boolean): void {
    prepared(db, 'UPDATE folders SET local_only = ? WHERE id = ?').run(localOnly ? 1 : 0, id);
  }

  /**
   * Counted once per change, not once per look: folders.changed goes out with every burst of watcher events,
   * and counting a 100,000-photo folder each time would grow with the library.
   */
  function folderCounts(id: number): Pick<Folder, 'photoCount' | 'unreadableCount'> {
    const cached = countsByFolder.get(id);
    if (cached) return cached;
    const counts = countFolder(id);
    countsByFolder.set(id, counts);
    return counts;
  }

  /** A write touched the files of `folderId` (null: of any folder). */
  function touched(folderId: number | null | undefined): void {
    if (folderId == null) countsByFolder.clear();
    else countsByFolder.delete(folderId);
  }

  function countFolder(id: number): Pick<Folder, 'photoCount' | 'unreadableCount'> {
    const row = prepared(db, FOLDER_COUNTS).get(id, id) as { photos: number; unreadable: number };
    return { photoCount: row.photos, unreadableCount: row.unreadable };
  }

  function unreadable(folderId?: number): UnreadableFile[] {
    const rows = (
      folderId === undefined
        ? prepared(db, 'SELECT path, folder_id, error FROM files WHERE error IS NOT NULL ORDER BY path').all()
        : prepared(
            db,
            'SELECT path, folder_id, error FROM files WHERE error IS NOT NULL AND folder_id = ? ORDER BY path',
          ).all(folderId)
    ) as Array<{ path: string; folder_id: number; error: string }>;
    return rows.map((row) => ({ path: row.path, folderId: row.folder_id, reason: row.error }));
  }

  /** Catalogued files whose path starts with `prefix`, by path range (the unique index on path serves it). */
  function filePathsStartingWith(prefix: string): string[] {
    return preparedValues(
      db,
      'SELECT path FROM files WHERE path >= ? AND path < ? AND photo_id IS NOT NULL',
    ).all(...prefixRange(prefix)) as string[];
  }

  /** Readable catalogued files whose path starts with `prefix` (a RAW+JPEG stack), with their photos. */
  function photoFilesStartingWith(prefix: string): Array<{ path: string; photo_id: number }> {
    return prepared(db, READABLE_FILES_IN_RANGE).all(...prefixRange(prefix)) as Array<{
      path: string;
      photo_id: number;
    }>;
  }

  /** Unreadable files whose path starts with `prefix` (a RAW without a usable preview). */
  function unreadablePathsStartingWith(prefix: string): string[] {
    return preparedValues(
      db,
      'SELECT path FROM files WHERE path >= ? AND path < ? AND error IS NOT NULL',
    ).all(...prefixRange(prefix)) as string[];
  }

  /** Points an unreadable location at a readable photo it belongs to. */
  function adoptUnreadable(path: string, photoId: number): void {
    const adopted = prepared(
      db,
      'UPDATE files SET photo_id = ?, error = NULL WHERE path = ? AND error IS NOT NULL RETURNING folder_id',
    ).get(photoId, path) as { folder_id: number } | undefined;
    // Its folder has one unreadable file fewer, and maybe one photo more.
    if (adopted) touched(adopted.folder_id);
  }

  function fileByPath(path: string): FileRow | undefined {
    return prepared(db, 'SELECT * FROM files WHERE path = ?').get(path) as FileRow | undefined;
  }

  /**
   * Adds to `into` the next `limit` catalogued files of the folder in path order after `afterPath`, below
   * `prefix` (the folder's path and a separator), by a range of the unique index on path; returns the last path
   * read, or null once none are left. Pages, so reading a 200,000-file folder never holds the thread long.
   */
  function knownFilesAfter(
    folderId: number,
    prefix: string,
    afterPath: string,
    limit: number,
    into: Map<string, KnownFile>,
  ): string | null {
    // `+folder_id`: the path range must drive the search (a folder's index would sort every page again).
    const rows = preparedArrays(
      db,
      `SELECT path, size, mtime_ms, error IS NOT NULL, photo_id FROM files
       WHERE path > ? AND path < ? AND +folder_id = ? ORDER BY path LIMIT ?`,
    ).all(afterPath, prefixRange(prefix)[1], folderId, limit) as Array<
      [string, number, number, number, number | null]
    >;
    for (const [path, size, mtimeMs, hasError, photoId] of rows) {
      into.set(path, { size, mtimeMs, unreadable: hasError === 1, photoId });
    }
    return rows.length < limit ? null : rows[rows.length - 1]![0];
  }

  function fileCountOfFolder(folderId: number): number {
    return preparedValues(db, 'SELECT count(*) FROM files WHERE folder_id = ?').get(folderId) as number;
  }

  function photoIdByHash(hash: string): number | undefined {
    return preparedValues(db, 'SELECT id FROM photos WHERE hash = ?').get(hash) as number | undefined;
  }

  /** Records (or re-points) one location. Returns the photo it pointed at before, if any. */
  function upsertFile(facts: FileFacts, photoId: number | null, error: string | null): number | null {
    const before = fileByPath(facts.path);
    const previous = before?.photo_id ?? null;
    touched(facts.folderId);
    if (before && before.folder_id !== facts.folderId) touched(before.folder_id);
    prepared(
      db,
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size,
           mtime_ms = excluded.mtime_ms, photo_id = excluded.photo_id, error = excluded.error`,
    ).run(facts.folderId, facts.path, facts.size, facts.mtimeMs, photoId, error);
    return previous;
  }

  /**
   * The first location of a photo just inserted: a plain insert when the path is new, as it nearly always is
   * (the ingest looked it up before the decode), without looking it up again; a path catalogued meanwhile, or
   * one whose bytes changed into this photo, is re-pointed as upsertFile does. Returns the photo it showed.
   */
  function addFirstFile(facts: FileFacts, photoId: number): number | null {
    const info = prepared(
      db,
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (path) DO NOTHING`,
    ).run(facts.folderId, facts.path, facts.size, facts.mtimeMs, photoId);
    if (info.changes === 0) return upsertFile(facts, photoId, null);
    touched(facts.folderId);
    return null;
  }

  /**
   * A new photo, its first location and its caption job, all or nothing. If a concurrent ingest of another
   * copy got there first (the insert meets its hash), the file joins that photo instead and no job is added.
   * The photo's own words are stored before its file, whose insert writes the search document (migration
   * 076), so the document is written once with its caption and tags.
   */
  function insertPhotoWithJob(
    facts: FileFacts,
    hash: string,
    format: string | null,
    m: PhotoMetadata,
    now: string,
    origin: 'scan' | 'watch' = 'scan',
    imported: ImportedDescriptions | null = null,
  ): { photoId: number; created: boolean; previous: number | null } {
    return db.transaction(() => {
      const info = prepared(
        db,
        `INSERT INTO photos (hash, bytes, format, width, height, taken_at, camera_make, camera_model, lens,
             gps_lat, gps_lon, orientation, caption_status, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)
           ON CONFLICT (hash) DO NOTHING`,
      ).run(
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
      if (info.changes === 0) {
        const existing = photoIdByHash(hash)!;
        return { photoId: existing, created: false, previous: upsertFile(facts, existing, null) };
      }
      const photoId = Number(info.lastInsertRowid);
      if (imported) storeImported(db, photoId, imported, now);
      const previous = addFirstFile(facts, photoId);
      prepared(
        db,
        `INSERT INTO caption_jobs (photo_id, state, updated_at, origin) VALUES (?, 'queued', ?, ?)`,
      ).run(photoId, now, origin);
      return { photoId, created: true, previous };
    })();
  }

  /** Words read again from a known photo: new keywords join as the user's; nothing of theirs is replaced. */
  function mergeImported(photoId: number, found: ImportedDescriptions, now: string): void {
    db.transaction(() => storeImported(db, photoId, withoutExportedSuggestions(db, photoId, found), now))();
  }

  /** Forgets one location; returns the photo it showed, which may now have no files. */
  function deleteFile(path: string): number | null | undefined {
    const row = fileByPath(path);
    if (!row) return undefined;
    prepared(db, 'DELETE FROM files WHERE id = ?').run(row.id);
    touched(row.folder_id);
    return row.photo_id;
  }

  /** Forgets every location under `dir`; returns the photos they showed. A path range, so the index serves it. */
  function deleteFilesUnder(dir: string, sep: string): number[] {
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    const [from, to] = prefixRange(prefix);
    return db.transaction(() => {
      const ids = preparedValues(
        db,
        'SELECT DISTINCT photo_id FROM files WHERE path >= ? AND path < ? AND photo_id IS NOT NULL',
      ).all(from, to) as number[];
      prepared(db, 'DELETE FROM files WHERE path >= ? AND path < ?').run(from, to);
      touched(null);
      return ids;
    })();
  }

  function fileCountOfPhoto(photoId: number): number {
    return preparedValues(db, 'SELECT count(*) FROM files WHERE photo_id = ?').get(photoId) as number;
  }

  /** Deletes the photo (jobs, tags and search row cascade) only if it still has no location. */
  function deletePhotoIfOrphan(photoId: number): boolean {
    const info = prepared(
      db,
      'DELETE FROM photos WHERE id = ? AND NOT EXISTS (SELECT 1 FROM files WHERE photo_id = ?)',
    ).run(photoId, photoId);
    return info.changes > 0;
  }

  function orphanPhotoIds(): number[] {
    return preparedValues(
      db,
      'SELECT id FROM photos p WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id)',
    ).all() as number[];
  }

  /** Hides a folder from the library at once; its rows then go in batches (removeFolderBatch). */
  function markRemoving(id: number): void {
    prepared(db, 'UPDATE folders SET removing = 1 WHERE id = ?').run(id);
  }

  /** Folders whose removal a quit cut short. */
  function removingFolderIds(): number[] {
    return preparedValues(db, 'SELECT id FROM folders WHERE removing = 1').all() as number[];
  }

  /** One batch of a folder's removal (see stores/folderRemovalStore.ts); its counts are counted again. */
  function removeFolderBatch(id: number, limit: number): RemovalBatch {
    const batch = removeFolderBatchIn(db, id, limit);
    touched(id);
    return batch;
  }

  /** Runs `work` in one transaction (a savepoint inside another), for writes that belong together. */
  function transaction<T>(work: () => T): T {
    return db.transaction(work)();
  }

  return {
    transaction,
    folders,
    folder,
    insertFolder,
    setScanDone,
    setLargeTreeOk,
    setLocalOnly,
    folderCounts,
    unreadable,
    filePathsStartingWith,
    photoFilesStartingWith,
    unreadablePathsStartingWith,
    adoptUnreadable,
    fileByPath,
    knownFilesAfter,
    fileCountOfFolder,
    photoIdByHash,
    upsertFile,
    insertPhotoWithJob,
    mergeImported,
    deleteFile,
    deleteFilesUnder,
    fileCountOfPhoto,
    deletePhotoIfOrphan,
    orphanPhotoIds,
    markRemoving,
    removingFolderIds,
    removeFolderBatch,
  };
}

export type CatalogueStore = ReturnType<typeof createCatalogueStore>;
