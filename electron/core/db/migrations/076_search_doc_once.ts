import type { Database } from 'better-sqlite3';
import { TAKEN_WORDS } from './001_catalogue';

// A new photo's search document was written three times in its own transaction: the photo's insert added it
// (and its index row) with no names, the file's insert set the names, and the update took the index row out and
// put it back: 15 calls of search_text and three full-text writes for one photo. The document is now written
// whole when the photo's first file arrives (a photo is catalogued with its file, in one transaction), so the
// index row is written once with its final text. A photo without a file has no document: search never shows
// such a photo (it stands in another for it), and the document is built in full, tags and caption included,
// once a file points at it. An update of the document that changes none of its columns (a file re-recorded
// with the same path and photo, a tag whose state went from suggested to accepted) no longer rewrites its index
// row either; what the index holds is the same either way.
const TAKEN_OF_PHOTO = TAKEN_WORDS.replaceAll('new.taken_at', 'p.taken_at');

/** The whole document of the photo `photoId` (an SQL expression), as the other triggers keep it. */
function upsertDocument(photoId: string): string {
  return `INSERT INTO search_docs (photo_id, caption, tags, names, camera, place, taken)
      SELECT p.id,
        CASE WHEN p.caption_state = 'rejected' THEN '' ELSE coalesce(p.caption, '') END,
        (SELECT coalesce(group_concat(tag, ' '), '') FROM photo_tags WHERE photo_id = ${photoId} AND state <> 'rejected'),
        (SELECT coalesce(group_concat(path, ' '), '') FROM files WHERE photo_id = ${photoId}),
        trim(coalesce(p.camera_make, '') || ' ' || coalesce(p.camera_model, '') || ' ' || coalesce(p.lens, '')),
        '',
        ${TAKEN_OF_PHOTO}
      FROM photos p WHERE p.id = ${photoId}
      ON CONFLICT (photo_id) DO UPDATE SET names = excluded.names WHERE names IS NOT excluded.names`;
}

const NAMES_OF_OLD = `(SELECT coalesce(group_concat(path, ' '), '') FROM files WHERE photo_id = old.photo_id)`;

export function up(db: Database): void {
  db.exec(`
    DROP TRIGGER photos_doc_ai;

    DROP TRIGGER files_doc_ai;
    CREATE TRIGGER files_doc_ai AFTER INSERT ON files WHEN new.photo_id IS NOT NULL BEGIN
      ${upsertDocument('new.photo_id')};
    END;

    DROP TRIGGER files_doc_au;
    CREATE TRIGGER files_doc_au AFTER UPDATE OF path, photo_id ON files BEGIN
      UPDATE search_docs SET names = ${NAMES_OF_OLD}
        WHERE photo_id = old.photo_id AND old.photo_id IS NOT new.photo_id;
      ${upsertDocument('new.photo_id')};
    END;

    DROP TRIGGER search_docs_au;
    CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs
      WHEN new.photo_id IS NOT old.photo_id OR new.caption IS NOT old.caption OR new.tags IS NOT old.tags
        OR new.names IS NOT old.names OR new.camera IS NOT old.camera OR new.place IS NOT old.place
        OR new.taken IS NOT old.taken
    BEGIN
      INSERT INTO photos_fts (photos_fts, rowid, caption, tags, names, camera, place, taken)
      VALUES ('delete', old.photo_id, search_text(old.caption), search_text(old.tags), search_text(old.names),
        search_text(old.camera), search_text(old.place), old.taken);
      INSERT INTO photos_fts (rowid, caption, tags, names, camera, place, taken)
      VALUES (new.photo_id, search_text(new.caption), search_text(new.tags), search_text(new.names),
        search_text(new.camera), search_text(new.place), new.taken);
    END;
  `);
}
