import type { Database } from 'better-sqlite3';
import { dhashBands } from '../../grouping/dhashBands';

// Look-alikes of a new photo (difference hashes at most four bits apart) were found by reading every
// fingerprint of its size, once per photo: a first scan of one camera's photos grew with the square of the
// catalogue. Each fingerprint now keeps the five bands of its hash, each indexed; two look-alikes share one.
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE photo_fingerprints ADD COLUMN band0 INTEGER;
    ALTER TABLE photo_fingerprints ADD COLUMN band1 INTEGER;
    ALTER TABLE photo_fingerprints ADD COLUMN band2 INTEGER;
    ALTER TABLE photo_fingerprints ADD COLUMN band3 INTEGER;
    ALTER TABLE photo_fingerprints ADD COLUMN band4 INTEGER;
  `);
  const rows = db.prepare('SELECT photo_id, dhash FROM photo_fingerprints').raw().all() as Array<
    [number, string]
  >;
  const update = db.prepare(
    'UPDATE photo_fingerprints SET band0 = ?, band1 = ?, band2 = ?, band3 = ?, band4 = ? WHERE photo_id = ?',
  );
  for (const [photoId, dhash] of rows) update.run(...dhashBands(dhash), photoId);
  db.exec(`
    CREATE INDEX photo_fingerprints_band0 ON photo_fingerprints (band0);
    CREATE INDEX photo_fingerprints_band1 ON photo_fingerprints (band1);
    CREATE INDEX photo_fingerprints_band2 ON photo_fingerprints (band2);
    CREATE INDEX photo_fingerprints_band3 ON photo_fingerprints (band3);
    CREATE INDEX photo_fingerprints_band4 ON photo_fingerprints (band4);
  `);
}
