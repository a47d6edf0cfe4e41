import type { Database } from 'better-sqlite3';
import type { ContentOrigin, ReviewState, TagCount, Vocabulary } from '../../../shared/types';
import { prepared, preparedValues } from '../db/prepared';
import { hasReadableFile, HAS_READABLE_FILE_KEPT, SUMMARY_COLUMNS, type SummaryRow } from './photosStore';

/**
 * A tag row's copy of its photo's sort key (the photo's id is bound once more, last), written with the row so
 * review by tag's index has it (migration 073 keeps it when the photo's date changes, and fills it in for a
 * writer that leaves it out).
 */
const NEWEST_OF_PHOTO = `(SELECT coalesce(taken_at, created_at) FROM photos WHERE id = ?)`;

// The `photo_tags` and `tag_rules` tables: a photo's tags with their review state and provenance, and the
// vocabulary's rules that rename or drop the model's tags.

export interface TagRow {
  tag: string;
  state: ReviewState;
  origin: ContentOrigin;
  detail: string | null;
  prompt_version: number | null;
  updated_at: string;
}

/** The columns a TagEntry is read from, and the order tags are shown in. */
export const TAG_COLUMNS = 'tag, state, origin, detail, prompt_version, updated_at';
export const TAG_ORDER = `origin <> 'model', position, tag`;

/** The model's tags in its order of importance, then the user's own, alphabetically. */
export function tagRowsOf(db: Database, photoId: number): TagRow[] {
  return prepared(db, `SELECT ${TAG_COLUMNS} FROM photo_tags WHERE photo_id = ? ORDER BY ${TAG_ORDER}`).all(
    photoId,
  ) as TagRow[];
}

export function suggestedTagsOf(db: Database, photoId: number): string[] {
  return preparedValues(db, `SELECT tag FROM photo_tags WHERE photo_id = ? AND state = 'suggested'`).all(
    photoId,
  ) as string[];
}

/** The tag as the photo spells it, or undefined when the photo does not carry it. */
export function tagOnPhoto(db: Database, photoId: number, tag: string): string | undefined {
  return preparedValues(db, `SELECT tag FROM photo_tags WHERE photo_id = ? AND tag = ?`).get(photoId, tag) as
    string | undefined;
}

export function photosWithTag(db: Database, tag: string): number[] {
  return preparedValues(db, `SELECT photo_id FROM photo_tags WHERE tag = ?`).all(tag) as number[];
}

export function tagInUse(db: Database, tag: string): boolean {
  return prepared(db, `SELECT 1 FROM photo_tags WHERE tag = ? LIMIT 1`).get(tag) !== undefined;
}

export function acceptSuggestedTags(db: Database, photoId: number, now: string): void {
  prepared(
    db,
    `UPDATE photo_tags SET state = 'accepted', updated_at = ? WHERE photo_id = ? AND state = 'suggested'`,
  ).run(now, photoId);
}

export function setTagState(
  db: Database,
  photoId: number,
  tag: string,
  state: ReviewState,
  now: string,
): void {
  prepared(db, `UPDATE photo_tags SET state = ?, updated_at = ? WHERE photo_id = ? AND tag = ?`).run(
    state,
    now,
    photoId,
    tag,
  );
}

/** The user's own tag; one they rejected earlier comes back as theirs, a suggestion becomes accepted. */
export function addUserTag(db: Database, photoId: number, tag: string, now: string): void {
  prepared(
    db,
    `INSERT INTO photo_tags (photo_id, tag, state, origin, updated_at, position, newest)
     VALUES (?, ?, 'user', 'user', ?, 0, ${NEWEST_OF_PHOTO})
     ON CONFLICT (photo_id, tag) DO UPDATE SET state = CASE WHEN photo_tags.state = 'suggested' THEN 'accepted'
       WHEN photo_tags.state = 'rejected' THEN 'user' ELSE photo_tags.state END,
       origin = CASE WHEN photo_tags.state = 'rejected' THEN 'user' ELSE photo_tags.origin END,
       updated_at = excluded.updated_at`,
  ).run(photoId, tag, now, photoId);
}

/**
 * Sets `tag`'s state on many photos in one statement (per-row updates would re-index the search text row by
 * row, far slower); the user's own tags stay theirs when accepting. Returns how many rows changed.
 */
export function setTagStateOn(
  db: Database,
  tag: string,
  photoIds: readonly number[],
  state: 'accepted' | 'rejected',
  now: string,
): number {
  if (photoIds.length === 0) return 0;
  return prepared(
    db,
    `UPDATE photo_tags SET state = @state, updated_at = @now
     WHERE tag = @tag AND photo_id IN (SELECT value FROM json_each(@ids)) AND state <> @state
       AND NOT (@state = 'accepted' AND state = 'user')`,
  ).run({ state, now, tag, ids: JSON.stringify(photoIds) }).changes;
}

/** The ids (and what orders them) of one page of review by tag; exported for its query plan's test. */
export const TAGGED_PAGE_IDS = `SELECT t.photo_id, t.state, t.newest FROM photo_tags t INDEXED BY photo_tags_review
  WHERE t.tag = @tag AND ${HAS_READABLE_FILE_KEPT('t.photo_id')}
  ORDER BY t.state = 'rejected', t.state <> 'suggested', t.newest DESC, t.photo_id DESC
  LIMIT @limit OFFSET @offset`;

/** Readable photos carrying `tag`, suggestions first and rejected ones last, with counts per state. */
export function taggedPhotosPage(
  db: Database,
  q: { tag: string; limit: number; offset: number },
): {
  rows: Array<SummaryRow & { tag_state: ReviewState }>;
  counts: Array<{ state: ReviewState; n: number }>;
} {
  // Unreviewed first, then the kept ones, rejected last, newest first in each: the order of the index
  // photo_tags_review (migration 073), which also holds every column the page's ids need, so SQLite walks it,
  // skips an offset's rows there and stops after the page; the summary columns are read for the page only.
  const rows = prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS}, page.state AS tag_state FROM
       (${TAGGED_PAGE_IDS}) page
     CROSS JOIN photos p ON p.id = page.photo_id
     ORDER BY page.state = 'rejected', page.state <> 'suggested', page.newest DESC, page.photo_id DESC`,
  ).all(q) as Array<SummaryRow & { tag_state: ReviewState }>;
  // The tag's counts by state (migration 070) less those on photos without a readable file (migration 073);
  // CROSS JOIN starts from those few photos rather than from every row of the tag.
  const counts = prepared(
    db,
    `SELECT c.state, c.n - (SELECT count(*) FROM unreadable_photos u
         CROSS JOIN photo_tags t ON t.photo_id = u.photo_id AND t.tag = @tag AND t.state = c.state) AS n
     FROM tag_counts c WHERE c.tag = @tag`,
  ).all({ tag: q.tag }) as Array<{ state: ReviewState; n: number }>;
  return { rows, counts: counts.filter((c) => c.n > 0) };
}

/** All tags, whatever their case, with how many photos carry them in each state (kept by triggers: migration 070). */
export function tagCounts(db: Database): Vocabulary['tags'] {
  return prepared(
    db,
    `SELECT min(c.tag) AS tag,
       sum(CASE WHEN c.state <> 'rejected' THEN c.n ELSE 0 END) AS photos,
       sum(CASE c.state WHEN 'suggested' THEN c.n ELSE 0 END) AS suggested,
       sum(CASE c.state WHEN 'accepted' THEN c.n ELSE 0 END) AS accepted,
       sum(CASE c.state WHEN 'user' THEN c.n ELSE 0 END) AS user,
       sum(CASE c.state WHEN 'rejected' THEN c.n ELSE 0 END) AS rejected
     FROM tag_counts c
     GROUP BY c.tag COLLATE NOCASE ORDER BY photos DESC, tag`,
  ).all() as Vocabulary['tags'];
}

/** The most used tags the owner stands behind (accepted or their own), most used first. */
export function mostUsedOwnedTags(db: Database, limit: number): string[] {
  return preparedValues(
    db,
    `SELECT min(tag) FROM photo_tags WHERE state IN ('accepted', 'user')
     GROUP BY lower(tag) ORDER BY count(*) DESC, min(tag) LIMIT ?`,
  ).all(limit) as string[];
}

/** When one photo ends up with both spellings of a merge, the stronger word survives. */
const strength = (column: string) =>
  `CASE ${column} WHEN 'user' THEN 3 WHEN 'accepted' THEN 2 WHEN 'suggested' THEN 1 ELSE 0 END`;

/**
 * Merges `from` into `to` on every photo, set-based as bulk review is: where a photo has both, the stronger
 * word's state and provenance win; elsewhere `from` is renamed. In one statement each, so only for what is
 * small or measured (the vocabulary bench's baseline); the vocabulary merges in batches with `mergeTagOn`.
 */
export function mergeTag(db: Database, from: string, to: string, now: string): void {
  const params = { from, to, now };
  prepared(
    db,
    `UPDATE photo_tags AS t SET state = f.state, origin = f.origin, detail = f.detail,
       prompt_version = f.prompt_version, updated_at = @now
     FROM photo_tags AS f
     WHERE t.tag = @to AND f.tag = @from AND f.photo_id = t.photo_id AND ${strength('f.state')} > ${strength('t.state')}`,
  ).run(params);
  prepared(
    db,
    `UPDATE photo_tags SET tag = @to, updated_at = @now
     WHERE tag = @from AND photo_id NOT IN (SELECT photo_id FROM photo_tags WHERE tag = @to)`,
  ).run(params);
  deleteTagEverywhere(db, from);
}

/** How many photos carry `tag`, whatever its case. */
export function photosWithTagCount(db: Database, tag: string): number {
  return preparedValues(db, `SELECT count(*) FROM photo_tags WHERE tag = ?`).get(tag) as number;
}

/**
 * Up to `limit` photos still carrying `from` in some spelling other than `exceptSpelling` (a case-only
 * respell leaves rows that match `from` without case). No order: a batch changes its photos away from `from`,
 * so the next batch starts where the index has rows left.
 */
export function photosStillTagged(
  db: Database,
  from: string,
  exceptSpelling: string | null,
  limit: number,
): number[] {
  return preparedValues(
    db,
    `SELECT photo_id FROM photo_tags
     WHERE tag = @from AND (@except IS NULL OR tag COLLATE BINARY <> @except) LIMIT @limit`,
  ).all({ from, except: exceptSpelling, limit }) as number[];
}

/** A new spelling of the same tag (case only) on the given photos: their rows are renamed in place. */
export function respellTagOn(
  db: Database,
  from: string,
  to: string,
  photoIds: readonly number[],
  now: string,
): void {
  prepared(
    db,
    `UPDATE photo_tags SET tag = @to, updated_at = @now
     WHERE tag = @from AND photo_id IN (SELECT value FROM json_each(@ids))`,
  ).run({ from, to, now, ids: JSON.stringify(photoIds) });
}

/** `mergeTag` on the given photos only (a batch of a long merge). */
export function mergeTagOn(
  db: Database,
  from: string,
  to: string,
  photoIds: readonly number[],
  now: string,
): void {
  const params = { from, to, now, ids: JSON.stringify(photoIds) };
  prepared(
    db,
    `UPDATE photo_tags AS t SET state = f.state, origin = f.origin, detail = f.detail,
       prompt_version = f.prompt_version, updated_at = @now
     FROM photo_tags AS f
     WHERE t.tag = @to AND t.photo_id IN (SELECT value FROM json_each(@ids))
       AND f.tag = @from AND f.photo_id = t.photo_id AND ${strength('f.state')} > ${strength('t.state')}`,
  ).run(params);
  prepared(
    db,
    `UPDATE photo_tags SET tag = @to, updated_at = @now
     WHERE tag = @from AND photo_id IN (SELECT value FROM json_each(@ids))
       AND NOT EXISTS (SELECT 1 FROM photo_tags AS o WHERE o.photo_id = photo_tags.photo_id AND o.tag = @to)`,
  ).run(params);
  deleteTagOn(db, from, photoIds);
}

/** Removes `tag` from the given photos only (a batch of a long delete). */
export function deleteTagOn(db: Database, tag: string, photoIds: readonly number[]): void {
  prepared(db, `DELETE FROM photo_tags WHERE tag = ? AND photo_id IN (SELECT value FROM json_each(?))`).run(
    tag,
    JSON.stringify(photoIds),
  );
}

export function deleteTagEverywhere(db: Database, tag: string): void {
  prepared(db, `DELETE FROM photo_tags WHERE tag = ?`).run(tag);
}

/** Replaces the model's earlier, unreviewed suggestions with `tags` (in order); reviewed tags stay as they are. */
export function replaceSuggestedTags(
  db: Database,
  photoId: number,
  tags: readonly string[],
  s: { model: string; promptVersion: number; at: string },
): void {
  const wanted = new Set(tags.map((tag) => tag.toLowerCase()));
  const drop = prepared(db, `DELETE FROM photo_tags WHERE photo_id = ? AND tag = ?`);
  for (const tag of suggestedTagsOf(db, photoId)) if (!wanted.has(tag.toLowerCase())) drop.run(photoId, tag);
  const upsert = prepared(
    db,
    `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, prompt_version, updated_at, position, newest)
     VALUES (?, ?, 'suggested', 'model', ?, ?, ?, ?, ${NEWEST_OF_PHOTO})
     ON CONFLICT (photo_id, tag) DO UPDATE SET detail = excluded.detail, prompt_version = excluded.prompt_version,
       updated_at = excluded.updated_at, position = excluded.position
     WHERE photo_tags.state = 'suggested'`,
  );
  tags.forEach((tag, position) =>
    upsert.run(photoId, tag, s.model, s.promptVersion, s.at, position, photoId),
  );
}

/** Tags a photo said about itself become the user's; tags already on the photo keep their state. */
export function addImportedTags(
  db: Database,
  photoId: number,
  tags: readonly string[],
  source: string | null,
  at: string,
): void {
  const insert = prepared(
    db,
    `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, updated_at, position, newest)
     VALUES (?, ?, 'user', 'import', ?, ?, ?, ${NEWEST_OF_PHOTO})
     ON CONFLICT (photo_id, tag) DO NOTHING`,
  );
  tags.forEach((tag, position) => insert.run(photoId, tag, source, at, position, photoId));
}

export interface RuleRow {
  from_tag: string;
  to_tag: string | null;
  created_at: string;
}

export function allRules(db: Database): RuleRow[] {
  return prepared(
    db,
    `SELECT from_tag, to_tag, created_at FROM tag_rules ORDER BY from_tag`,
  ).all() as RuleRow[];
}

/** Every rule in the table's own order (which spelling wins when two differ only in case depends on it). */
export function ruleTargets(db: Database): Array<{ from_tag: string; to_tag: string | null }> {
  return prepared(db, `SELECT from_tag, to_tag FROM tag_rules`).all() as Array<{
    from_tag: string;
    to_tag: string | null;
  }>;
}

export function ruleOf(db: Database, from: string): RuleRow | undefined {
  return prepared(db, `SELECT from_tag, to_tag, created_at FROM tag_rules WHERE from_tag = ?`).get(from) as
    RuleRow | undefined;
}

/** The tags whose rule renames them to `to`. */
export function rulesPointingAt(db: Database, to: string): string[] {
  return preparedValues(db, `SELECT from_tag FROM tag_rules WHERE to_tag = ?`).all(to) as string[];
}

/** Rules that renamed to `from` now rename to `to`. */
export function retargetRules(db: Database, from: string, to: string): void {
  prepared(db, `UPDATE tag_rules SET to_tag = ? WHERE to_tag = ?`).run(to, from);
}

/** Keeps a rule: the model's `from` becomes `to`, or is dropped when `to` is null. */
export function setRule(db: Database, from: string, to: string | null, now: string): void {
  prepared(
    db,
    `INSERT INTO tag_rules (from_tag, to_tag, created_at) VALUES (?, ?, ?)
     ON CONFLICT (from_tag) DO UPDATE SET to_tag = excluded.to_tag, created_at = excluded.created_at`,
  ).run(from, to, now);
}

export function deleteRule(db: Database, from: string): void {
  prepared(db, `DELETE FROM tag_rules WHERE from_tag = ?`).run(from);
}

/** Puts a rule back exactly as it was (undo). */
export function restoreRule(db: Database, rule: Readonly<Record<string, unknown>>): void {
  prepared(
    db,
    `INSERT INTO tag_rules (from_tag, to_tag, created_at) VALUES (@from_tag, @to_tag, @created_at)`,
  ).run(rule);
}

/** Tags by how many readable photos carry them (rejections not counted), spelled as their first spelling. */
export function tagsByUse(db: Database, limit: number): TagCount[] {
  return prepared(
    db,
    `SELECT min(tag) AS tag, count(*) AS count FROM photo_tags t
     WHERE t.state <> 'rejected' AND ${hasReadableFile({ photoId: 't.photo_id' })}
     GROUP BY tag COLLATE NOCASE ORDER BY count DESC, tag LIMIT ?`,
  ).all(limit) as TagCount[];
}

/** The tags the user gave the photo (written or imported), in their order. */
export function userTagsOf(db: Database, photoId: number): string[] {
  return preparedValues(
    db,
    `SELECT tag FROM photo_tags WHERE photo_id = ? AND state = 'user' ORDER BY position, tag`,
  ).all(photoId) as string[];
}
