import type { Database } from 'better-sqlite3';
import type { PlaceCount, PlaceName } from '../../../shared/types';
import { prepared, preparedValues } from '../db/prepared';

// `place_queue` (photos whose place is still to be named) and `photo_places` (the names found), and the
// search index's place column kept in step with them.

export function hasWaitingPlaces(db: Database): boolean {
  return prepared(db, 'SELECT 1 FROM place_queue LIMIT 1').get() !== undefined;
}

/** Waiting photos, lowest id first. */
export function waitingPlaceIds(db: Database, limit: number): number[] {
  return preparedValues(db, 'SELECT photo_id FROM place_queue ORDER BY photo_id LIMIT ?').all(
    limit,
  ) as number[];
}

/** `[photoId]` when that photo waits, else none. */
export function waitingPlaceId(db: Database, photoId: number): number[] {
  return preparedValues(db, 'SELECT photo_id FROM place_queue WHERE photo_id = ?').all(photoId) as number[];
}

export function photoPosition(
  db: Database,
  photoId: number,
): { gps_lat: number | null; gps_lon: number | null } | undefined {
  return prepared(db, 'SELECT gps_lat, gps_lon FROM photos WHERE id = ?').get(photoId) as
    { gps_lat: number | null; gps_lon: number | null } | undefined;
}

/** Records the photo's place (all nulls: none found) and the words search finds it by. */
export function savePlace(
  db: Database,
  photoId: number,
  place: PlaceName | null,
  searchText: string,
  now: string,
): void {
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
  prepared(db, 'UPDATE search_docs SET place = ? WHERE photo_id = ?').run(searchText, photoId);
}

export function dropWaitingPlace(db: Database, photoId: number): void {
  prepared(db, 'DELETE FROM place_queue WHERE photo_id = ?').run(photoId);
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
