import type { Database } from 'better-sqlite3';
import { applyRules, loadRules, tidyTag } from './tagRules';

export interface ImportedDescriptions {
  caption: string | null;
  keywords: readonly string[];
  captionSource: string | null;
  keywordSource: string | null;
}

/**
 * What a photo already said about itself (its XMP, IPTC or EXIF, or its sidecar) becomes the user's caption
 * and tags: a model may add suggestions beside them but never replaces them. Read again later (a rescan), it
 * only adds: a caption the user accepted or wrote stays, tags already on the photo keep their state (a
 * rejected one stays rejected), and the vocabulary's renames and deletions apply as they do to the model's.
 */
export function storeImported(db: Database, photoId: number, found: ImportedDescriptions, at: string): void {
  // Most photos say nothing about themselves: no statements for them on the ingest path.
  if (!found.caption && found.keywords.length === 0) return;
  if (found.caption) {
    // A model's caption that gives way is kept aside, as the user's would be.
    db.prepare(
      `UPDATE photos SET caption = @caption, caption_state = 'user', caption_origin = 'import', caption_detail = @source,
         caption_prompt_version = NULL, caption_updated_at = @at,
         caption_suggestion = CASE WHEN caption_state = 'suggested' THEN caption ELSE caption_suggestion END
       WHERE id = @id AND (caption_state IS NULL OR caption_state IN ('suggested', 'rejected'))
         AND caption IS NOT @caption`,
    ).run({ caption: found.caption, source: found.captionSource, at, id: photoId });
  }
  const insert = db.prepare(
    `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, updated_at, position)
     VALUES (?, ?, 'user', 'import', ?, ?, ?)
     ON CONFLICT (photo_id, tag) DO NOTHING`,
  );
  const keywords = applyRules(loadRules(db), found.keywords.map(tidyTag).filter(Boolean));
  keywords.forEach((tag, position) => insert.run(photoId, tag, found.keywordSource, at, position));
}
