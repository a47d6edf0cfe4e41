import type { Database } from 'better-sqlite3';
import { prepared, preparedValues } from '../db/prepared';

// A photo's caption columns on `photos`: the caption with its review state and provenance, and a newer model
// caption kept aside while the caption is the user's.

/** Every column that makes up a photo's caption, as undo keeps and restores them. */
export const CAPTION_COLUMNS = [
  'caption',
  'caption_state',
  'caption_origin',
  'caption_detail',
  'caption_prompt_version',
  'caption_updated_at',
  'caption_suggestion',
] as const;

export function captionStateOf(db: Database, photoId: number): string | null | undefined {
  return preparedValues(db, `SELECT caption_state FROM photos WHERE id = ?`).get(photoId) as
    string | null | undefined;
}

/** The model's newer caption kept aside, or null; undefined when there is no such photo. */
export function captionSuggestionOf(db: Database, photoId: number): string | null | undefined {
  return preparedValues(db, `SELECT caption_suggestion FROM photos WHERE id = ?`).get(photoId) as
    string | null | undefined;
}

export function acceptSuggestedCaption(db: Database, photoId: number, now: string): void {
  prepared(
    db,
    `UPDATE photos SET caption_state = 'accepted', caption_updated_at = ? WHERE id = ? AND caption_state = 'suggested'`,
  ).run(now, photoId);
}

/** The user's caption (null clears it); no model replaces it afterwards. */
export function writeUserCaption(db: Database, photoId: number, caption: string | null, now: string): void {
  prepared(
    db,
    `UPDATE photos SET caption = ?, caption_state = 'user', caption_origin = 'user', caption_detail = NULL,
       caption_prompt_version = NULL, caption_updated_at = ?, caption_suggestion = NULL WHERE id = ?`,
  ).run(caption, now, photoId);
}

/** The caption kept aside becomes the accepted caption. */
export function takeSuggestedCaption(db: Database, photoId: number, now: string): void {
  prepared(
    db,
    `UPDATE photos SET caption = caption_suggestion, caption_state = 'accepted', caption_origin = 'model',
       caption_detail = caption_model, caption_prompt_version = prompt_version, caption_updated_at = ?,
       caption_suggestion = NULL WHERE id = ?`,
  ).run(now, photoId);
}

/** Keeps the model's caption aside (none when it says what the caption already says). */
export function keepCaptionAside(db: Database, photoId: number, caption: string): void {
  prepared(
    db,
    `UPDATE photos SET caption_suggestion = CASE WHEN caption IS ? THEN NULL ELSE ? END WHERE id = ?`,
  ).run(caption, caption, photoId);
}

export function suggestModelCaption(
  db: Database,
  photoId: number,
  s: { caption: string; model: string; promptVersion: number; at: string },
): void {
  prepared(
    db,
    `UPDATE photos SET caption = ?, caption_state = 'suggested', caption_origin = 'model', caption_detail = ?,
       caption_prompt_version = ?, caption_updated_at = ?, caption_suggestion = NULL
     WHERE id = ?`,
  ).run(s.caption, s.model, s.promptVersion, s.at, photoId);
}

/**
 * A caption the photo said about itself becomes the user's, unless the user accepted or wrote one; a model's
 * caption that gives way is kept aside, as the user's would be.
 */
export function importCaption(
  db: Database,
  photoId: number,
  caption: string,
  source: string | null,
  at: string,
): void {
  prepared(
    db,
    `UPDATE photos SET caption = @caption, caption_state = 'user', caption_origin = 'import', caption_detail = @source,
       caption_prompt_version = NULL, caption_updated_at = @at,
       caption_suggestion = CASE WHEN caption_state = 'suggested' THEN caption ELSE caption_suggestion END
     WHERE id = @id AND (caption_state IS NULL OR caption_state IN ('suggested', 'rejected'))
       AND caption IS NOT @caption`,
  ).run({ caption, source, at, id: photoId });
}

/** The caption columns as they are, for undo; undefined when there is no such photo. */
export function captionRowOf(db: Database, photoId: number): Record<string, unknown> | undefined {
  return prepared(db, `SELECT ${CAPTION_COLUMNS.join(', ')} FROM photos WHERE id = ?`).get(photoId) as
    Record<string, unknown> | undefined;
}

/** Puts the caption columns back as `captionRowOf` read them. */
export function restoreCaptionRow(
  db: Database,
  photoId: number,
  row: Readonly<Record<string, unknown>>,
): void {
  prepared(
    db,
    `UPDATE photos SET ${CAPTION_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
  ).run({
    ...row,
    id: photoId,
  });
}

/** Who answered a caption call and what it cost, as the photo keeps them once its caption is stored. */
export interface CaptionCallFacts {
  model: string;
  provider: string;
  promptVersion: number;
  inputTokens: number | null;
  outputTokens: number | null;
  reportedCost: number | null;
  at: string;
}

/** The photo's caption job is done: its status, and which call answered it. */
export function markCaptioned(db: Database, photoId: number, call: CaptionCallFacts): void {
  prepared(
    db,
    `UPDATE photos SET caption_status = 'done', caption_error = NULL, caption_model = ?,
       caption_provider = ?, prompt_version = ?, input_tokens = ?, output_tokens = ?, reported_cost = ?,
       captioned_at = ?
     WHERE id = ?`,
  ).run(
    call.model,
    call.provider,
    call.promptVersion,
    call.inputTokens,
    call.outputTokens,
    call.reportedCost,
    call.at,
    photoId,
  );
}

/** The caption the user gave the photo (written or imported); null when it has none of theirs. */
export function userCaptionOf(db: Database, photoId: number): string | null {
  const caption = preparedValues(
    db,
    `SELECT caption FROM photos WHERE id = ? AND caption_state = 'user' AND caption IS NOT NULL`,
  ).get(photoId) as string | undefined;
  return caption ?? null;
}
