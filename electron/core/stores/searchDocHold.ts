import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared';

/**
 * Runs `write`, which changes several of one photo's caption and tag rows, with the photo's search document
 * held (migration 077): the rows' triggers leave the document alone, and it is set once, whole, as the hold
 * ends. In a transaction of its own (a savepoint in the caller's), so a write that throws is undone with its
 * hold, and no hold outlives its write. A hold taken already (a nested write) is left for its taker to end.
 */
export function withSearchDocumentHeld<T>(db: Database, photoId: number, write: () => T): T {
  return db.transaction(() => {
    const held =
      prepared(db, `INSERT INTO search_doc_held (photo_id) VALUES (?) ON CONFLICT DO NOTHING`).run(photoId)
        .changes > 0;
    const result = write();
    if (held) prepared(db, `DELETE FROM search_doc_held WHERE photo_id = ?`).run(photoId);
    return result;
  })();
}
