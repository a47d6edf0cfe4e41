import type { Database } from 'better-sqlite3';
import type { ExportRecord, ReviewState } from '../../../shared/types';
import { prepared } from '../db/prepared';
import type { ImportedDescriptions } from '../review/importedMetadata';
import { wordKey } from './suggestionMarks';

/** What Shoebox wrote into a photo's files at its exports so far. */
export interface ExportedWords {
  /** Shoebox put this caption or tag there: a later export may take it back. */
  wroteCaption(text: string): boolean;
  wroteTag(tag: string): boolean;
  /** …and it was the model's unreviewed suggestion then: read back, it is not the owner's word. */
  suggestedCaption(text: string): boolean;
  suggestedTag(tag: string): boolean;
}

interface ExportedRow {
  kind: 'caption' | 'tag';
  word: string;
  suggested: 0 | 1;
}

function exportedWordsOf(rows: readonly ExportedRow[]): ExportedWords {
  const captions = new Map<string, boolean>();
  const tags = new Map<string, boolean>();
  for (const row of rows)
    (row.kind === 'caption' ? captions : tags).set(wordKey(row.word), row.suggested === 1);
  return {
    wroteCaption: (text) => captions.has(wordKey(text)),
    wroteTag: (tag) => tags.has(wordKey(tag)),
    suggestedCaption: (text) => captions.get(wordKey(text)) === true,
    suggestedTag: (tag) => tags.get(wordKey(tag)) === true,
  };
}

export function loadExportedWords(db: Database, photoId: number): ExportedWords {
  const rows = prepared(db, `SELECT kind, word, suggested FROM exported_words WHERE photo_id = ?`).all(
    photoId,
  ) as ExportedRow[];
  return exportedWordsOf(rows);
}

/** The exported words of a block of photos in one query; a photo with none has an entry that knows none. */
export function loadExportedWordsOf(db: Database, photoIds: readonly number[]): Map<number, ExportedWords> {
  const rows = prepared(
    db,
    `SELECT photo_id, kind, word, suggested FROM exported_words
     WHERE photo_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id`,
  ).all(JSON.stringify(photoIds)) as Array<ExportedRow & { photo_id: number }>;
  const byPhoto = new Map<number, ExportedRow[]>(photoIds.map((id) => [id, []]));
  for (const row of rows) byPhoto.get(row.photo_id)?.push(row);
  return new Map([...byPhoto].map(([id, list]) => [id, exportedWordsOf(list)]));
}

/**
 * What a known photo's files say, less Shoebox's own suggestions that an earlier "suggestions too" export
 * wrote there: those are not the owner's words. (A photo new to the catalogue has no exports to subtract.)
 */
export function withoutExportedSuggestions(
  db: Database,
  photoId: number,
  found: ImportedDescriptions,
): ImportedDescriptions {
  const ours = loadExportedWords(db, photoId);
  const caption = found.caption !== null && ours.suggestedCaption(found.caption) ? null : found.caption;
  return { ...found, caption, keywords: found.keywords.filter((tag) => !ours.suggestedTag(tag)) };
}

/** Remembers the words just written for a photo, each with whether it was still a suggestion. */
export function recordExportedWords(db: Database, photoId: number, record: ExportRecord): void {
  recordExportedWordsOf(db, [{ photoId, record }]);
}

/** As recordExportedWords, for a block of photos in one transaction. */
export function recordExportedWordsOf(
  db: Database,
  written: ReadonlyArray<{ photoId: number; record: ExportRecord }>,
): void {
  if (written.length === 0) return;
  const upsert = prepared(
    db,
    `INSERT INTO exported_words (photo_id, kind, word, suggested) VALUES (?, ?, ?, ?)
     ON CONFLICT (photo_id, kind, word) DO UPDATE SET suggested = excluded.suggested`,
  );
  db.transaction(() => {
    for (const { photoId, record } of written) {
      if (record.caption)
        upsert.run(photoId, 'caption', record.caption.text, suggested(record.caption.state));
      for (const tag of record.tags) upsert.run(photoId, 'tag', tag.tag, suggested(tag.state));
    }
  })();
}

function suggested(state: ReviewState): 0 | 1 {
  return state === 'suggested' ? 1 : 0;
}
