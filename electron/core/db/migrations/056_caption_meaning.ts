import type { Database } from 'better-sqlite3';

// Search by meaning: each caption's sentence vector, written by a background indexer off the main thread.
// `meaning_queue` holds the photos whose caption has no vector yet (new, changed, or captioned before this
// version), so the indexer never scans the catalogue to find its work; a changed caption drops its old vector
// at once, so a search never ranks a photo by a caption it no longer has.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE caption_vectors (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      -- Which encoder wrote it: another one's vectors are not comparable and are written again.
      encoder TEXT NOT NULL,
      -- The vector's signs, 64 bytes: all that the first, whole-catalogue pass of a search reads.
      code BLOB NOT NULL,
      -- The vector itself, 512 signed bytes, and the factor that turns them back into the unit vector.
      vector BLOB NOT NULL,
      scale REAL NOT NULL
    ) STRICT;
    -- At each start, vectors another encoder wrote are looked for: through this index, not the whole table.
    CREATE INDEX caption_vectors_encoder ON caption_vectors (encoder);
    CREATE TABLE meaning_queue (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE
    ) STRICT;
    INSERT INTO meaning_queue (photo_id)
      SELECT id FROM photos WHERE caption IS NOT NULL AND trim(caption) <> '';
    CREATE TRIGGER caption_meaning_new AFTER INSERT ON photos
      WHEN new.caption IS NOT NULL AND trim(new.caption) <> ''
    BEGIN
      INSERT OR IGNORE INTO meaning_queue (photo_id) VALUES (new.id);
    END;
    CREATE TRIGGER caption_meaning_changed AFTER UPDATE OF caption ON photos
      WHEN new.caption IS NOT old.caption
    BEGIN
      DELETE FROM caption_vectors WHERE photo_id = new.id;
      INSERT OR IGNORE INTO meaning_queue (photo_id)
        SELECT new.id WHERE new.caption IS NOT NULL AND trim(new.caption) <> '';
    END;
  `);
}
