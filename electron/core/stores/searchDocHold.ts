import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared';

/**
 * Runs `write`, which changes several of one photo's caption and tag rows, with the photo's search document
 * held (migration 077): the rows' triggers leave the document alone, and it is set once, whole, as the hold
 * ends, also when the write throws (a caller that goes on gets a document true to the rows it keeps). Inside
 * the caller's transaction when there is one: a savepoint of its own cost more than the index writes it saves.
 * Outside one, in a transaction of its own, so no hold outlives its write. A hold taken already (a nested
 * write) is left for its taker to end.
 */
export function withSearchDocumentHeld<T>(db: Database, photoId: number, write: () => T): T {
  const held = (): T => {
    const taken =
      prepared(db, `INSERT INTO search_doc_held (photo_id) VALUES (?) ON CONFLICT DO NOTHING`).run(photoId)
        .changes > 0;
    try {
      return write();
    } finally {
      if (taken) prepared(db, `DELETE FROM search_doc_held WHERE photo_id = ?`).run(photoId);
    }
  };
  return db.inTransaction ? held() : db.transaction(held)();
}
