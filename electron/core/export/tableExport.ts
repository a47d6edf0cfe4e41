// CSV (RFC 4180, for spreadsheets) and JSON (for scripts) of the catalogue's metadata.
import type { ExportRecord, TagEntry } from '../../../shared/types';
import { csvText, plainNumber, quoteCsvField } from './csvCells';

export { plainNumber } from './csvCells';

const COLUMNS = [
  'path',
  'other_paths',
  'hash',
  'caption',
  'caption_state',
  'caption_origin',
  'caption_source',
  'tags',
  'tag_states',
  'taken_at',
  'camera',
  'gps_latitude',
  'gps_longitude',
  'prompt_version',
  'caption_updated_at',
  'cost_usd',
] as const;

/** Columns holding numbers: never prefixed, even when negative. */
const NUMERIC = new Set<string>(['gps_latitude', 'gps_longitude', 'prompt_version', 'cost_usd']);

/** Tags in one cell, split by "; ". A ";" or "\" inside a tag is escaped with "\" so the list stays unambiguous. */
function tagList(values: string[]): string {
  return values.map((v) => v.replace(/[\\;]/g, (ch) => `\\${ch}`)).join('; ');
}

function row(record: ExportRecord): Record<(typeof COLUMNS)[number], string> {
  const caption = record.caption;
  const tags: TagEntry[] = record.tags;
  return {
    path: record.path,
    other_paths: record.otherPaths.join(' | '),
    hash: record.hash,
    caption: caption?.text ?? '',
    caption_state: caption?.state ?? '',
    caption_origin: caption?.origin ?? '',
    caption_source: caption?.detail ?? '',
    tags: tagList(tags.map((t) => t.tag)),
    tag_states: tagList(tags.map((t) => `${t.tag}=${t.state}`)),
    taken_at: record.takenAt ?? '',
    camera: [record.cameraMake, record.cameraModel].filter(Boolean).join(' '),
    gps_latitude: record.gpsLatitude === null ? '' : plainNumber(record.gpsLatitude),
    gps_longitude: record.gpsLongitude === null ? '' : plainNumber(record.gpsLongitude),
    prompt_version: caption?.promptVersion == null ? '' : String(caption.promptVersion),
    caption_updated_at: caption?.updatedAt ?? '',
    cost_usd: plainNumber(record.costUsd),
  };
}

export const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/** One photo's CSV line, line end included: a file is the header and then these, so it can be streamed. */
export function csvLine(record: ExportRecord): string {
  const values = row(record);
  return `${COLUMNS.map((c) => (NUMERIC.has(c) ? quoteCsvField(values[c]) : csvText(values[c]))).join(',')}\r\n`;
}

export function exportCsv(records: readonly ExportRecord[]): string {
  return CSV_HEADER + records.map(csvLine).join('');
}

/**
 * The JSON document in pieces (opening, one per photo, closing) that join to exactly what
 * `JSON.stringify({ exportedBy, count, photos }, null, 2)` gives, so a file of any size can be streamed.
 */
export const jsonPieces = {
  open: (count: number) =>
    count === 0
      ? `{\n  "exportedBy": "Shoebox",\n  "count": 0,\n  "photos": []`
      : `{\n  "exportedBy": "Shoebox",\n  "count": ${count},\n  "photos": [`,
  photo: (record: ExportRecord, first: boolean) =>
    `${first ? '' : ','}\n    ${JSON.stringify(record, null, 2).replace(/\n/g, '\n    ')}`,
  close: (count: number) => (count === 0 ? '\n}\n' : '\n  ]\n}\n'),
};

export function exportJson(records: readonly ExportRecord[]): string {
  return (
    jsonPieces.open(records.length) +
    records.map((record, i) => jsonPieces.photo(record, i === 0)).join('') +
    jsonPieces.close(records.length)
  );
}
