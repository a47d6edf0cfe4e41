import type { Database } from 'better-sqlite3';

// Grouping's backfill asked at every start for "photos with no fingerprint", which walked every photo to find
// none (10-40 ms at 20,000 photos, growing with the library). The photos without one are kept in a table of
// their own instead, as `meaning_queue` keeps the captions without a vector: a new photo joins it, its
// fingerprint takes it out, so the start-up question reads only the photos still waiting.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE fingerprint_backlog (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE
    ) STRICT;
    INSERT INTO fingerprint_backlog (photo_id)
      SELECT id FROM photos p WHERE NOT EXISTS (SELECT 1 FROM photo_fingerprints f WHERE f.photo_id = p.id);

    CREATE TRIGGER fingerprint_backlog_new_photo AFTER INSERT ON photos
    BEGIN
      INSERT OR IGNORE INTO fingerprint_backlog (photo_id) VALUES (new.id);
    END;
    CREATE TRIGGER fingerprint_backlog_fingerprinted AFTER INSERT ON photo_fingerprints
    BEGIN
      DELETE FROM fingerprint_backlog WHERE photo_id = new.photo_id;
    END;
    -- A fingerprint dropped while its photo stays puts the photo back (a photo's own removal takes both).
    CREATE TRIGGER fingerprint_backlog_dropped AFTER DELETE ON photo_fingerprints
    BEGIN
      INSERT OR IGNORE INTO fingerprint_backlog (photo_id)
        SELECT id FROM photos WHERE id = old.photo_id;
    END;
  `);
}
