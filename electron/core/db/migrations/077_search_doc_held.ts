import type { Database } from 'better-sqlite3';
import { TAKEN_WORDS } from './001_catalogue';

// A model's answer rewrote the photo's search document once per tag it stored and once more for the caption:
// each tag row's trigger set the document's tags, and each change took the index row out of the full-text index
// and put it back (ten search_text calls a time), so a caption with ten tags wrote the index eleven times on
// the main thread, in the caption queue's way. A writer that changes many of one photo's rows now holds the
// photo's document (a row in search_doc_held, inside its transaction): the caption's and the tags' triggers skip
// a held photo, and letting it go sets the caption, camera, date and tags in one update: one index write.
const SEARCHABLE_TAGS = (photoId: string) =>
  `(SELECT coalesce(group_concat(tag, ' '), '') FROM photo_tags WHERE photo_id = ${photoId} AND state <> 'rejected')`;
const NOT_HELD = (photoId: string) =>
  `NOT EXISTS (SELECT 1 FROM search_doc_held WHERE photo_id = ${photoId})`;
const TAKEN_OF_PHOTO = TAKEN_WORDS.replaceAll('new.taken_at', 'p.taken_at');

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE search_doc_held (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE
    );

    DROP TRIGGER photos_doc_au;
    CREATE TRIGGER photos_doc_au AFTER UPDATE OF caption, caption_state, camera_make, camera_model, lens, taken_at ON photos
      WHEN ${NOT_HELD('new.id')}
    BEGIN
      UPDATE search_docs SET
        caption = CASE WHEN new.caption_state = 'rejected' THEN '' ELSE coalesce(new.caption, '') END,
        camera = trim(coalesce(new.camera_make, '') || ' ' || coalesce(new.camera_model, '') || ' ' || coalesce(new.lens, '')),
        taken = ${TAKEN_WORDS}
      WHERE photo_id = new.id;
    END;

    DROP TRIGGER photo_tags_doc_ai;
    CREATE TRIGGER photo_tags_doc_ai AFTER INSERT ON photo_tags WHEN ${NOT_HELD('new.photo_id')} BEGIN
      UPDATE search_docs SET tags = ${SEARCHABLE_TAGS('new.photo_id')} WHERE photo_id = new.photo_id;
    END;
    DROP TRIGGER photo_tags_doc_ad;
    CREATE TRIGGER photo_tags_doc_ad AFTER DELETE ON photo_tags WHEN ${NOT_HELD('old.photo_id')} BEGIN
      UPDATE search_docs SET tags = ${SEARCHABLE_TAGS('old.photo_id')} WHERE photo_id = old.photo_id;
    END;
    DROP TRIGGER photo_tags_doc_au;
    CREATE TRIGGER photo_tags_doc_au AFTER UPDATE OF tag, state ON photo_tags WHEN ${NOT_HELD('new.photo_id')} BEGIN
      UPDATE search_docs SET tags = ${SEARCHABLE_TAGS('new.photo_id')} WHERE photo_id = new.photo_id;
    END;

    CREATE TRIGGER search_doc_held_ad AFTER DELETE ON search_doc_held BEGIN
      UPDATE search_docs SET
        caption = (SELECT CASE WHEN p.caption_state = 'rejected' THEN '' ELSE coalesce(p.caption, '') END
          FROM photos p WHERE p.id = old.photo_id),
        camera = (SELECT trim(coalesce(p.camera_make, '') || ' ' || coalesce(p.camera_model, '') || ' ' || coalesce(p.lens, ''))
          FROM photos p WHERE p.id = old.photo_id),
        taken = (SELECT ${TAKEN_OF_PHOTO} FROM photos p WHERE p.id = old.photo_id),
        tags = ${SEARCHABLE_TAGS('old.photo_id')}
      WHERE photo_id = old.photo_id;
    END;
  `);
}
