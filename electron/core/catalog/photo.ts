import type { Database } from 'better-sqlite3';
import { basename } from 'node:path';
import { hasWaitingPlaces, nameWaitingPlaces, photoPlace } from '../places/photoPlaces';
import { gazetteerFor } from '../search/referenceData';
import { photoWithAttempts, readableLocations } from '../stores/photosStore';
import { tagRowsOf, type TagRow } from '../stores/tagsStore';
import type {
  CaptionEntry,
  CaptionStatus,
  ContentOrigin,
  PhotoDetail,
  ProviderId,
  ReviewState,
  TagEntry,
} from '../../../shared/types';

interface PhotoRow {
  id: number;
  hash: string;
  format: string | null;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  camera_make: string | null;
  camera_model: string | null;
  lens: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  orientation: number | null;
  caption: string | null;
  caption_status: CaptionStatus;
  caption_error: string | null;
  caption_model: string | null;
  caption_provider: string | null;
  prompt_version: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  reported_cost: number | null;
  captioned_at: string | null;
  caption_state: ReviewState | null;
  caption_origin: ContentOrigin | null;
  caption_detail: string | null;
  caption_prompt_version: number | null;
  caption_updated_at: string | null;
  caption_suggestion: string | null;
  attempts: number | null;
}

export function tagEntryOf(r: TagRow): TagEntry {
  return {
    tag: r.tag,
    state: r.state,
    origin: r.origin,
    detail: r.detail,
    promptVersion: r.prompt_version,
    updatedAt: r.updated_at,
  };
}

/** The model's tags in its order of importance, then the user's own, alphabetically. */
export function tagEntriesOf(db: Database, photoId: number): TagEntry[] {
  return tagRowsOf(db, photoId).map(tagEntryOf);
}

export function captionEntryOf(
  row: Pick<
    PhotoRow,
    | 'caption'
    | 'caption_state'
    | 'caption_origin'
    | 'caption_detail'
    | 'caption_prompt_version'
    | 'caption_updated_at'
  >,
): CaptionEntry | null {
  if (row.caption === null || row.caption_state === null) return null;
  return {
    text: row.caption,
    state: row.caption_state,
    origin: row.caption_origin ?? 'model',
    detail: row.caption_detail,
    promptVersion: row.caption_prompt_version,
    updatedAt: row.caption_updated_at ?? '',
  };
}

export function getPhoto(db: Database, id: number): PhotoDetail | null {
  const row = photoWithAttempts(db, id) as PhotoRow | undefined;
  if (!row) return null;
  // A photo shown before the backlog reached it is named now.
  if (row.gps_lat !== null && row.gps_lon !== null && hasWaitingPlaces(db))
    nameWaitingPlaces(db, gazetteerFor(db), { photoId: id });
  const tagEntries = tagEntriesOf(db, id);
  const locations: PhotoDetail['locations'] = readableLocations(db, id);
  return {
    id: row.id,
    hash: row.hash,
    fileName: locations[0] ? basename(locations[0].path) : '',
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    caption: row.caption,
    captionHighlighted: null,
    status: row.caption_status,
    tags: tagEntries.filter((t) => t.state !== 'rejected').map((t) => t.tag),
    tagEntries,
    captionEntry: captionEntryOf(row),
    captionSuggestion: row.caption_suggestion,
    metadata: {
      format: row.format,
      width: row.width,
      height: row.height,
      takenAt: row.taken_at,
      cameraMake: row.camera_make,
      cameraModel: row.camera_model,
      lens: row.lens,
      gpsLatitude: row.gps_lat,
      gpsLongitude: row.gps_lon,
      orientation: row.orientation,
    },
    locations,
    place: photoPlace(db, id),
    usage:
      row.caption_model && row.captioned_at
        ? {
            model: row.caption_model,
            promptVersion: row.prompt_version ?? 0,
            provider: (row.caption_provider ?? 'custom') as ProviderId,
            inputTokens: row.input_tokens,
            outputTokens: row.output_tokens,
            reportedCost: row.reported_cost,
            captionedAt: row.captioned_at,
          }
        : null,
    error: row.caption_error,
    attempts: row.attempts ?? 0,
  };
}
