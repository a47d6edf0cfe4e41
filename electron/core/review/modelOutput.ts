import type { Database } from 'better-sqlite3';
import { applyRules, loadRules } from './tagRules';

export interface ModelSuggestion {
  caption: string;
  tags: readonly string[];
  model: string;
  promptVersion: number;
  at: string;
}

/**
 * Stores a model's answer as suggestions without ever replacing the user's word: an accepted or user caption
 * stays and the new one is kept aside; accepted, user and rejected tags stay as they are (a rejected tag is not
 * suggested again); earlier suggestions nobody reviewed give way to the new ones. Vocabulary rules apply first.
 * Call inside the transaction that records the call's result.
 */
export function storeModelSuggestion(db: Database, photoId: number, s: ModelSuggestion): void {
  const tags = applyRules(loadRules(db), s.tags);
  const captionState = db.prepare(`SELECT caption_state FROM photos WHERE id = ?`).pluck().get(photoId) as
    string | null | undefined;
  if (captionState === 'accepted' || captionState === 'user') {
    db.prepare(
      `UPDATE photos SET caption_suggestion = CASE WHEN caption IS ? THEN NULL ELSE ? END WHERE id = ?`,
    ).run(s.caption, s.caption, photoId);
  } else {
    db.prepare(
      `UPDATE photos SET caption = ?, caption_state = 'suggested', caption_origin = 'model', caption_detail = ?,
         caption_prompt_version = ?, caption_updated_at = ?, caption_suggestion = NULL
       WHERE id = ?`,
    ).run(s.caption, s.model, s.promptVersion, s.at, photoId);
  }

  const wanted = new Set(tags.map((tag) => tag.toLowerCase()));
  const stale = db
    .prepare(`SELECT tag FROM photo_tags WHERE photo_id = ? AND state = 'suggested'`)
    .pluck()
    .all(photoId) as string[];
  const drop = db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND tag = ?`);
  for (const tag of stale) if (!wanted.has(tag.toLowerCase())) drop.run(photoId, tag);
  const upsert = db.prepare(
    `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, prompt_version, updated_at, position)
     VALUES (?, ?, 'suggested', 'model', ?, ?, ?, ?)
     ON CONFLICT (photo_id, tag) DO UPDATE SET detail = excluded.detail, prompt_version = excluded.prompt_version,
       updated_at = excluded.updated_at, position = excluded.position
     WHERE photo_tags.state = 'suggested'`,
  );
  tags.forEach((tag, position) => upsert.run(photoId, tag, s.model, s.promptVersion, s.at, position));
}
