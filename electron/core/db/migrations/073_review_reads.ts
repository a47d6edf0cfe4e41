import type { Database } from 'better-sqlite3';

/** SQL that holds when photo `id` (a column) has a readable file (as `isReadable` in photosStore says). */
const readable = (id: string) =>
  `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = ${id} AND f.error IS NULL)`;

/** SQL that holds when photo `p` waits for review: its caption or one of its tags is a suggestion nobody judged. */
const pending = `(p.caption_state = 'suggested'
  OR EXISTS (SELECT 1 FROM photo_tags s WHERE s.photo_id = p.id AND s.state = 'suggested'))`;

/** Puts photos `ids` (SQL values) in the review queue or takes them out, as they are now. */
const refreshPending = (ids: string) => `
  DELETE FROM review_pending WHERE photo_id IN (${ids});
  INSERT OR IGNORE INTO review_pending (photo_id, newest)
    SELECT p.id, coalesce(p.taken_at, p.created_at) FROM photos p WHERE p.id IN (${ids}) AND ${pending};`;

/** Marks photos `ids` (SQL values) unreadable or not, as their files are now. */
const refreshUnreadable = (ids: string) => `
  DELETE FROM unreadable_photos WHERE photo_id IN (${ids});
  INSERT OR IGNORE INTO unreadable_photos (photo_id)
    SELECT p.id FROM photos p WHERE p.id IN (${ids}) AND NOT ${readable('p.id')};`;

// Review's two lists sorted and counted every readable photo on each call: 50-600 ms at 100,000 photos, the
// whole API waiting meanwhile. Three things kept by triggers, in the transaction of the change, let them read a
// page in the order shown and stop there, and count from small tables:
// - review_pending: the photos that wait for review with the queue's sort key, walked by its index;
// - photo_tags.newest: each tag row's photo's sort key, so one index serves review by tag in its order;
// - unreadable_photos: the photos without a readable file (few, usually), which the counts take out of
//   tag_counts (migration 070) and of review_pending's size.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE review_pending (
      photo_id INTEGER PRIMARY KEY,
      newest TEXT NOT NULL
    ) STRICT;
    CREATE INDEX review_pending_newest ON review_pending (newest DESC, photo_id DESC);
    INSERT INTO review_pending (photo_id, newest)
      SELECT p.id, coalesce(p.taken_at, p.created_at) FROM photos p WHERE ${pending};

    CREATE TABLE unreadable_photos (photo_id INTEGER PRIMARY KEY) STRICT;
    INSERT INTO unreadable_photos (photo_id) SELECT p.id FROM photos p WHERE NOT ${readable('p.id')};

    ALTER TABLE photo_tags ADD COLUMN newest TEXT;
    UPDATE photo_tags SET newest = (SELECT coalesce(p.taken_at, p.created_at) FROM photos p WHERE p.id = photo_id);
    CREATE INDEX photo_tags_review ON photo_tags
      (tag, state = 'rejected', state <> 'suggested', newest DESC, photo_id DESC, state);

    -- A new photo has no file yet (files point at photos) and no tags.
    CREATE TRIGGER review_reads_photo_insert AFTER INSERT ON photos
    BEGIN
      INSERT OR IGNORE INTO unreadable_photos (photo_id) VALUES (new.id);
      INSERT OR IGNORE INTO review_pending (photo_id, newest)
        SELECT new.id, coalesce(new.taken_at, new.created_at) WHERE new.caption_state = 'suggested';
    END;
    CREATE TRIGGER review_reads_photo_update AFTER UPDATE OF caption_state, taken_at, created_at ON photos
      WHEN new.caption_state IS NOT old.caption_state
        OR coalesce(new.taken_at, new.created_at) IS NOT coalesce(old.taken_at, old.created_at)
    BEGIN
      ${refreshPending('new.id')}
      UPDATE photo_tags SET newest = coalesce(new.taken_at, new.created_at)
        WHERE photo_id = new.id AND newest IS NOT coalesce(new.taken_at, new.created_at);
    END;
    CREATE TRIGGER review_reads_photo_delete AFTER DELETE ON photos
    BEGIN
      DELETE FROM review_pending WHERE photo_id = old.id;
      DELETE FROM unreadable_photos WHERE photo_id = old.id;
    END;

    -- The store's writers give newest themselves (one write, not two); this catches any other.
    CREATE TRIGGER review_reads_tag_newest AFTER INSERT ON photo_tags WHEN new.newest IS NULL
    BEGIN
      UPDATE photo_tags SET newest = (SELECT coalesce(p.taken_at, p.created_at) FROM photos p WHERE p.id = new.photo_id)
        WHERE photo_id = new.photo_id AND tag = new.tag;
    END;
    CREATE TRIGGER review_reads_tag_insert AFTER INSERT ON photo_tags WHEN new.state = 'suggested'
    BEGIN
      INSERT OR IGNORE INTO review_pending (photo_id, newest)
        SELECT p.id, coalesce(p.taken_at, p.created_at) FROM photos p WHERE p.id = new.photo_id;
    END;
    CREATE TRIGGER review_reads_tag_delete AFTER DELETE ON photo_tags WHEN old.state = 'suggested'
    BEGIN
      ${refreshPending('old.photo_id')}
    END;
    CREATE TRIGGER review_reads_tag_update AFTER UPDATE OF photo_id, state ON photo_tags
      WHEN new.photo_id IS NOT old.photo_id OR new.state IS NOT old.state
    BEGIN
      UPDATE photo_tags SET newest = (SELECT coalesce(p.taken_at, p.created_at) FROM photos p WHERE p.id = new.photo_id)
        WHERE photo_id = new.photo_id AND tag = new.tag AND new.photo_id IS NOT old.photo_id;
      ${refreshPending('old.photo_id, new.photo_id')}
    END;

    -- Another unreadable file changes nothing; a readable one makes its photo readable.
    CREATE TRIGGER review_reads_file_insert AFTER INSERT ON files
      WHEN new.photo_id IS NOT NULL AND new.error IS NULL
    BEGIN
      DELETE FROM unreadable_photos WHERE photo_id = new.photo_id;
    END;
    CREATE TRIGGER review_reads_file_delete AFTER DELETE ON files WHEN old.photo_id IS NOT NULL
    BEGIN
      ${refreshUnreadable('old.photo_id')}
    END;
    CREATE TRIGGER review_reads_file_update AFTER UPDATE OF photo_id, error ON files
      WHEN new.photo_id IS NOT old.photo_id OR (new.error IS NULL) IS NOT (old.error IS NULL)
    BEGIN
      ${refreshUnreadable('old.photo_id, new.photo_id')}
    END;
  `);
}
