// Names the places of photos waiting in place_queue and keeps the search index's place column in step.
// Runs in small batches where the catalogue is read (a search, a photo's details), so a large backlog after
// an upgrade is worked off without ever holding up one request for long.
import type { Database } from 'better-sqlite3';
import type { PlaceCount, PlaceName } from '../../../shared/types';
import { prepared } from '../db/prepared';
import type { Gazetteer } from './gazetteer';
import { placeName, placeText } from './placeName';

export const PLACE_BATCH = 200;

export function hasWaitingPlaces(db: Database): boolean {
  return prepared(db, 'SELECT 1 FROM place_queue LIMIT 1').get() !== undefined;
}

function name(db: Database, gazetteer: Gazetteer, photoId: number, now: string): void {
  const photo = prepared(db, 'SELECT gps_lat, gps_lon FROM photos WHERE id = ?').get(photoId) as
    { gps_lat: number | null; gps_lon: number | null } | undefined;
  const place =
    photo && photo.gps_lat !== null && photo.gps_lon !== null
      ? placeName(gazetteer, photo.gps_lat, photo.gps_lon)
      : null;
  if (photo) {
    prepared(
      db,
      `INSERT INTO photo_places (photo_id, city, region, country, country_code, looked_up_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (photo_id) DO UPDATE SET city = excluded.city, region = excluded.region, country = excluded.country,
       country_code = excluded.country_code, looked_up_at = excluded.looked_up_at`,
    ).run(
      photoId,
      place?.city ?? null,
      place?.region ?? null,
      place?.country ?? null,
      place?.countryCode ?? null,
      now,
    );
    prepared(db, 'UPDATE search_docs SET place = ? WHERE photo_id = ?').run(
      place ? placeText(place) : '',
      photoId,
    );
  }
  prepared(db, 'DELETE FROM place_queue WHERE photo_id = ?').run(photoId);
}

/** Names up to `limit` waiting photos (or just `photoId`); returns how many were named. */
export function nameWaitingPlaces(
  db: Database,
  gazetteer: Gazetteer,
  options: { limit?: number; photoId?: number } = {},
): number {
  const ids =
    options.photoId === undefined
      ? (prepared(db, 'SELECT photo_id FROM place_queue ORDER BY photo_id LIMIT ?')
          .pluck()
          .all(options.limit ?? PLACE_BATCH) as number[])
      : (prepared(db, 'SELECT photo_id FROM place_queue WHERE photo_id = ?')
          .pluck()
          .all(options.photoId) as number[]);
  if (ids.length === 0) return 0;
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const id of ids) name(db, gazetteer, id, now);
  })();
  return ids.length;
}

export function photoPlace(db: Database, photoId: number): PlaceName | null {
  const row = prepared(
    db,
    'SELECT city, region, country, country_code FROM photo_places WHERE photo_id = ? AND country IS NOT NULL',
  ).get(photoId) as
    { city: string | null; region: string | null; country: string; country_code: string } | undefined;
  return row
    ? { city: row.city, region: row.region, country: row.country, countryCode: row.country_code }
    : null;
}

/** Countries with photos, most photos first, for the search's place filter. */
export function listPlaces(db: Database): PlaceCount[] {
  return prepared(
    db,
    `SELECT country_code AS countryCode, country, count(*) AS count FROM photo_places
     WHERE country_code IS NOT NULL GROUP BY country_code ORDER BY count DESC, country`,
  ).all() as PlaceCount[];
}
