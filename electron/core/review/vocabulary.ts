import type { Database } from 'better-sqlite3';
import { UserError } from '../../../shared/contract';
import type { EditOutcome, TagRule, Vocabulary } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { EditLog } from './editLog';
import { photos, quoted } from '../../../shared/labels';
import { tidyTag } from './tagRules';

/** When one photo ends up with both spellings of a merge, the stronger word survives. */
const strength = (column: string) =>
  `CASE ${column} WHEN 'user' THEN 3 WHEN 'accepted' THEN 2 WHEN 'suggested' THEN 1 ELSE 0 END`;

/** All tags with how many photos carry them in each state, and the rules that rewrite the model's tags. */
export function listVocabulary(db: Database): Vocabulary {
  const rows = db
    .prepare(
      `SELECT min(t.tag) AS tag,
         sum(t.state <> 'rejected') AS photos,
         sum(t.state = 'suggested') AS suggested, sum(t.state = 'accepted') AS accepted,
         sum(t.state = 'user') AS user, sum(t.state = 'rejected') AS rejected
       FROM photo_tags t
       GROUP BY t.tag COLLATE NOCASE ORDER BY photos DESC, tag`,
    )
    .all() as Vocabulary['tags'];
  const rules = (
    db.prepare(`SELECT from_tag, to_tag, created_at FROM tag_rules ORDER BY from_tag`).all() as Array<{
      from_tag: string;
      to_tag: string | null;
      created_at: string;
    }>
  ).map((r): TagRule => ({ from: r.from_tag, to: r.to_tag, createdAt: r.created_at }));
  return { tags: rows, rules };
}

/**
 * Renames `from` to `to` everywhere, merging into `to` where it exists (a synonym: "puppy" → "dog"), and keeps
 * it as a rule so the model's future "puppy" arrives as "dog". Rules that pointed at `from` follow it.
 */
export function renameTag(
  db: Database,
  log: EditLog,
  clock: Clock,
  fromInput: string,
  toInput: string,
): { outcome: EditOutcome; photoIds: number[] } {
  const from = tidyTag(fromInput);
  const to = tidyTag(toInput);
  if (!from || !to) throw new UserError('Both the old and the new tag name are needed.');
  const caseOnly = from.toLowerCase() === to.toLowerCase();
  if (from === to) throw new UserError(`${quoted(from)} already has that name.`);
  const ids = db.prepare(`SELECT photo_id FROM photo_tags WHERE tag = ?`).pluck().all(from) as number[];
  const merging =
    !caseOnly && db.prepare(`SELECT 1 FROM photo_tags WHERE tag = ? LIMIT 1`).get(to) !== undefined;
  const pointing = db
    .prepare(`SELECT from_tag FROM tag_rules WHERE to_tag = ?`)
    .pluck()
    .all(from) as string[];
  const now = isoNow(clock);
  const params = { from, to, now };
  const outcome = log.record(
    `${merging ? 'Merged' : 'Renamed'} ${quoted(from)} ${merging ? 'into' : 'to'} ${quoted(to)} on ${photos(ids.length)}`,
    {
      tags: ids.flatMap((id) => [[id, from] as const, [id, to] as const]),
      rules: [from, to, ...pointing],
    },
    () => {
      if (caseOnly) {
        db.prepare(`UPDATE photo_tags SET tag = @to, updated_at = @now WHERE tag = @from`).run(params);
        return;
      }
      // Set-based, as bulk review is: where a photo has both, the stronger word's state and provenance win.
      db.prepare(
        `UPDATE photo_tags AS t SET state = f.state, origin = f.origin, detail = f.detail,
           prompt_version = f.prompt_version, updated_at = @now
         FROM photo_tags AS f
         WHERE t.tag = @to AND f.tag = @from AND f.photo_id = t.photo_id AND ${strength('f.state')} > ${strength('t.state')}`,
      ).run(params);
      db.prepare(
        `UPDATE photo_tags SET tag = @to, updated_at = @now
         WHERE tag = @from AND photo_id NOT IN (SELECT photo_id FROM photo_tags WHERE tag = @to)`,
      ).run(params);
      db.prepare(`DELETE FROM photo_tags WHERE tag = @from`).run(params);
      db.prepare(`UPDATE tag_rules SET to_tag = ? WHERE to_tag = ?`).run(to, from);
      db.prepare(`DELETE FROM tag_rules WHERE from_tag = ?`).run(to);
      db.prepare(
        `INSERT INTO tag_rules (from_tag, to_tag, created_at) VALUES (?, ?, ?)
         ON CONFLICT (from_tag) DO UPDATE SET to_tag = excluded.to_tag, created_at = excluded.created_at`,
      ).run(from, to, now);
    },
  );
  return { outcome: { label: outcome.label }, photoIds: ids };
}

/** Removes `tag` from every photo and drops it from the model's future answers. */
export function deleteTag(
  db: Database,
  log: EditLog,
  clock: Clock,
  input: string,
): { outcome: EditOutcome; photoIds: number[] } {
  const tag = tidyTag(input);
  if (!tag) throw new UserError('Which tag? The name is empty.');
  const ids = db.prepare(`SELECT photo_id FROM photo_tags WHERE tag = ?`).pluck().all(tag) as number[];
  const outcome = log.record(
    `Deleted ${quoted(tag)} from ${photos(ids.length)}`,
    { tags: ids.map((id) => [id, tag] as const), rules: [tag] },
    () => {
      db.prepare(`DELETE FROM photo_tags WHERE tag = ?`).run(tag);
      db.prepare(
        `INSERT INTO tag_rules (from_tag, to_tag, created_at) VALUES (?, NULL, ?)
         ON CONFLICT (from_tag) DO UPDATE SET to_tag = NULL, created_at = excluded.created_at`,
      ).run(tag, isoNow(clock));
    },
  );
  return { outcome: { label: outcome.label }, photoIds: ids };
}

/** Forgets a rule; tags already renamed stay as they are. */
export function removeRule(db: Database, log: EditLog, from: string): EditOutcome {
  const rule = db.prepare(`SELECT from_tag, to_tag FROM tag_rules WHERE from_tag = ?`).get(from) as
    { from_tag: string; to_tag: string | null } | undefined;
  if (!rule) throw new UserError(`There is no rule for ${quoted(from)}.`);
  const outcome = log.record(
    rule.to_tag === null
      ? `Stopped dropping ${quoted(rule.from_tag)}`
      : `Stopped renaming ${quoted(rule.from_tag)} to ${quoted(rule.to_tag)}`,
    { rules: [rule.from_tag] },
    () => db.prepare(`DELETE FROM tag_rules WHERE from_tag = ?`).run(rule.from_tag),
  );
  return { label: outcome.label };
}
