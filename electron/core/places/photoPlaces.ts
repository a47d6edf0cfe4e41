// Names the places of photos waiting in place_queue and keeps the search index's place column in step.
// Runs in small batches where the catalogue is read (a search, a photo's details), so a large backlog after
// an upgrade is worked off without ever holding up one request for long.
import type { Database } from 'better-sqlite3';
import {
  dropWaitingPlace,
  photoPosition,
  savePlace,
  waitingPlaceId,
  waitingPlaceIds,
} from '../stores/placesStore';
import type { Gazetteer } from './gazetteer';
import { placeName, placeText } from './placeName';

export const PLACE_BATCH = 200;

// Read by the catalogue's search and photo details, which take them from here.
export { hasWaitingPlaces, listPlaces, photoPlace } from '../stores/placesStore';

function name(db: Database, gazetteer: Gazetteer, photoId: number, now: string): void {
  const photo = photoPosition(db, photoId);
  const place =
    photo && photo.gps_lat !== null && photo.gps_lon !== null
      ? placeName(gazetteer, photo.gps_lat, photo.gps_lon)
      : null;
  if (photo) savePlace(db, photoId, place, place ? placeText(place) : '', now);
  dropWaitingPlace(db, photoId);
}

/** Names up to `limit` waiting photos (or just `photoId`); returns how many were named. */
export function nameWaitingPlaces(
  db: Database,
  gazetteer: Gazetteer,
  options: { limit?: number; photoId?: number } = {},
): number {
  const ids =
    options.photoId === undefined
      ? waitingPlaceIds(db, options.limit ?? PLACE_BATCH)
      : waitingPlaceId(db, options.photoId);
  if (ids.length === 0) return 0;
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const id of ids) name(db, gazetteer, id, now);
  })();
  return ids.length;
}
