import type { Database } from 'better-sqlite3';
import { tidyTag } from './tagRules';

export interface ImportedDescriptions {
  caption: string | null;
  keywords: readonly string[];
  captionSource: string | null;
  keywordSource: string | null;
}

/**
 * What a photo already said about itself (its XMP, IPTC or EXIF, or its sidecar) becomes the user's caption
 * and tags: a model may add suggestions beside them but never replaces them.
 */
export function storeImported(db: Database, photoId: number, found: ImportedDescriptions, at: string): void {
  if (found.caption) {
    db.prepare(
      `UPDATE photos SET caption = ?, caption_state = 'user', caption_origin = 'import', caption_detail = ?,
         caption_prompt_version = NULL, caption_updated_at = ?
       WHERE id = ?`,
    ).run(found.caption, found.captionSource, at, photoId);
  }
  const insert = db.prepare(
    `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, updated_at, position)
     VALUES (?, ?, 'user', 'import', ?, ?, ?)
     ON CONFLICT (photo_id, tag) DO NOTHING`,
  );
  found.keywords.forEach((keyword, position) => {
    const tag = tidyTag(keyword);
    if (tag) insert.run(photoId, tag, found.keywordSource, at, position);
  });
}
