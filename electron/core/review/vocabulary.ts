import type { Database } from 'better-sqlite3';
import { UserError } from '../../../shared/contract';
import type { EditOutcome, TagRule, Vocabulary } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { EditLog } from './editLog';
import { photos, quoted } from '../../../shared/labels';
import { tidyTag } from './tagRules';
import {
  allRules,
  deleteRule,
  deleteTagEverywhere,
  mergeTag,
  photosWithTag,
  respellTag,
  retargetRules,
  ruleOf,
  rulesPointingAt,
  setRule,
  tagCounts,
  tagInUse,
} from '../stores/tagsStore';

/** All tags with how many photos carry them in each state, and the rules that rewrite the model's tags. */
export function listVocabulary(db: Database): Vocabulary {
  const rules = allRules(db).map((r): TagRule => ({
    from: r.from_tag,
    to: r.to_tag,
    createdAt: r.created_at,
  }));
  return { tags: tagCounts(db), rules };
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
  const ids = photosWithTag(db, from);
  const merging = !caseOnly && tagInUse(db, to);
  const pointing = rulesPointingAt(db, from);
  const now = isoNow(clock);
  const outcome = log.record(
    `${merging ? 'Merged' : 'Renamed'} ${quoted(from)} ${merging ? 'into' : 'to'} ${quoted(to)} on ${photos(ids.length)}`,
    {
      tags: ids.flatMap((id) => [[id, from] as const, [id, to] as const]),
      rules: [from, to, ...pointing],
    },
    () => {
      if (caseOnly) {
        respellTag(db, from, to, now);
        return;
      }
      mergeTag(db, from, to, now);
      retargetRules(db, from, to);
      deleteRule(db, to);
      setRule(db, from, to, now);
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
  const ids = photosWithTag(db, tag);
  const outcome = log.record(
    `Deleted ${quoted(tag)} from ${photos(ids.length)}`,
    { tags: ids.map((id) => [id, tag] as const), rules: [tag] },
    () => {
      deleteTagEverywhere(db, tag);
      setRule(db, tag, null, isoNow(clock));
    },
  );
  return { outcome: { label: outcome.label }, photoIds: ids };
}

/** Forgets a rule; tags already renamed stay as they are. */
export function removeRule(db: Database, log: EditLog, from: string): EditOutcome {
  const rule = ruleOf(db, from);
  if (!rule) throw new UserError(`There is no rule for ${quoted(from)}.`);
  const outcome = log.record(
    rule.to_tag === null
      ? `Stopped dropping ${quoted(rule.from_tag)}`
      : `Stopped renaming ${quoted(rule.from_tag)} to ${quoted(rule.to_tag)}`,
    { rules: [rule.from_tag] },
    () => deleteRule(db, rule.from_tag),
  );
  return { label: outcome.label };
}
