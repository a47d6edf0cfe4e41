import type { Database } from 'better-sqlite3';
import { prepared, preparedArrays, preparedValues } from '../db/prepared';

export interface RemovalBatch {
  files: number;
  photosRemoved: number;
  done: boolean;
}

/**
 * Forgets up to `limit` locations of a folder being removed, and the photos left with none anywhere, in one
 * transaction; the folder row goes with the last batch. Done once nothing is left.
 *
 * A photo about to go loses its search row first. Left in place, that row was rewritten (its full-text entry
 * deleted and added again) once for each of its files and once for each of its tags as they went before the
 * photo: about seven full-text writes a photo, most of what a removal cost. Now it is one.
 */
export function removeFolderBatch(db: Database, folderId: number, limit: number): RemovalBatch {
  return db.transaction((): RemovalBatch => {
    const rows = preparedArrays(db, 'SELECT id, photo_id FROM files WHERE folder_id = ? LIMIT ?').all(
      folderId,
      limit,
    ) as Array<[number, number | null]>;
    const filesInBatch = new Map<number, number>();
    for (const [, photoId] of rows) {
      if (photoId !== null) filesInBatch.set(photoId, (filesInBatch.get(photoId) ?? 0) + 1);
    }
    // Photos whose every location is in this batch: the ones it leaves with none.
    const countFiles = preparedValues(db, 'SELECT count(*) FROM files WHERE photo_id = ?');
    const going = [...filesInBatch].filter(([photoId, n]) => countFiles.get(photoId) === n).map(([id]) => id);
    const dropSearchRow = prepared(db, 'DELETE FROM search_docs WHERE photo_id = ?');
    for (const photoId of going) dropSearchRow.run(photoId);
    const deleteFile = prepared(db, 'DELETE FROM files WHERE id = ?');
    for (const [fileId] of rows) deleteFile.run(fileId);
    const deletePhoto = prepared(
      db,
      'DELETE FROM photos WHERE id = ? AND NOT EXISTS (SELECT 1 FROM files WHERE photo_id = ?)',
    );
    let photosRemoved = 0;
    for (const photoId of going) photosRemoved += deletePhoto.run(photoId, photoId).changes;
    const done = rows.length < limit;
    if (done) prepared(db, 'DELETE FROM folders WHERE id = ?').run(folderId);
    return { files: rows.length, photosRemoved, done };
  })();
}
