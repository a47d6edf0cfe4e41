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

export function loadExportedWords(db: Database, photoId: number): ExportedWords {
  const rows = prepared(db, `SELECT kind, word, suggested FROM exported_words WHERE photo_id = ?`).all(
    photoId,
  ) as Array<{ kind: 'caption' | 'tag'; word: string; suggested: 0 | 1 }>;
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
  const upsert = prepared(
    db,
    `INSERT INTO exported_words (photo_id, kind, word, suggested) VALUES (?, ?, ?, ?)
     ON CONFLICT (photo_id, kind, word) DO UPDATE SET suggested = excluded.suggested`,
  );
  db.transaction(() => {
    if (record.caption) upsert.run(photoId, 'caption', record.caption.text, suggested(record.caption.state));
    for (const tag of record.tags) upsert.run(photoId, 'tag', tag.tag, suggested(tag.state));
  })();
}

function suggested(state: ReviewState): 0 | 1 {
  return state === 'suggested' ? 1 : 0;
}
