import type { Database } from 'better-sqlite3';

// Places: each photo with GPS gets a place name (town, region, country) looked up offline. A photo waits in
// place_queue from the moment its position is known (at ingest, or when it changes) until the lookup has
// run; the name goes into photo_places and, as words, into the search index's place column.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE photo_places (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      city TEXT,
      region TEXT,
      country TEXT,
      country_code TEXT,
      looked_up_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX photo_places_country ON photo_places (country_code);

    CREATE TABLE place_queue (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE
    ) STRICT;
    INSERT INTO place_queue (photo_id) SELECT id FROM photos WHERE gps_lat IS NOT NULL AND gps_lon IS NOT NULL;

    CREATE TRIGGER photos_place_ai AFTER INSERT ON photos
    WHEN new.gps_lat IS NOT NULL AND new.gps_lon IS NOT NULL BEGIN
      INSERT OR IGNORE INTO place_queue (photo_id) VALUES (new.id);
    END;
    CREATE TRIGGER photos_place_au AFTER UPDATE OF gps_lat, gps_lon ON photos BEGIN
      DELETE FROM photo_places WHERE photo_id = new.id;
      UPDATE search_docs SET place = '' WHERE photo_id = new.id AND place <> '';
      INSERT OR IGNORE INTO place_queue (photo_id)
        SELECT new.id WHERE new.gps_lat IS NOT NULL AND new.gps_lon IS NOT NULL;
    END;
  `);
}
