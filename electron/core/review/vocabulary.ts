import type { Database } from 'better-sqlite3';
import { UserError } from '../../../shared/contract';
import type { EditOutcome, TagRule, Vocabulary } from '../../../shared/types';
import { isoNow } from '../clock';
import type { EditLog } from './editLog';
import { photos, quoted } from '../../../shared/labels';
import { tidyTag } from './tagRules';
import { runVocabularyJob, startVocabularyJob, type BatchContext } from './vocabularyBatches';
import {
  allRules,
  deleteRule,
  photosWithTagCount,
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
 * it as a rule so the model's future "puppy" arrives as "dog". Rules that pointed at `from` follow it. The rules
 * change at once; the photos change in batches (see vocabularyBatches), all into one undoable edit.
 */
export async function renameTag(
  ctx: BatchContext,
  fromInput: string,
  toInput: string,
): Promise<{ outcome: EditOutcome; photoCount: number }> {
  const { db, log } = ctx;
  const from = tidyTag(fromInput);
  const to = tidyTag(toInput);
  if (!from || !to) throw new UserError('Both the old and the new tag name are needed.');
  const caseOnly = from.toLowerCase() === to.toLowerCase();
  if (from === to) throw new UserError(`${quoted(from)} already has that name.`);
  const photoCount = photosWithTagCount(db, from);
  const merging = !caseOnly && tagInUse(db, to);
  const pointing = rulesPointingAt(db, from);
  const now = isoNow(ctx.clock);
  const label = `${merging ? 'Merged' : 'Renamed'} ${quoted(from)} ${merging ? 'into' : 'to'} ${quoted(to)} on ${photos(photoCount)}`;
  const job = log.begin(label, { rules: caseOnly ? [] : [from, to, ...pointing] }, (editId) => {
    if (!caseOnly) {
      retargetRules(db, from, to);
      deleteRule(db, to);
      setRule(db, from, to, now);
    }
    return startVocabularyJob(ctx, editId, caseOnly ? 'respell' : 'merge', from, to);
  });
  await runVocabularyJob(ctx, job);
  return { outcome: { label }, photoCount };
}

/** Removes `tag` from every photo (in batches, as one undoable edit) and drops it from the model's future answers. */
export async function deleteTag(
  ctx: BatchContext,
  input: string,
): Promise<{ outcome: EditOutcome; photoCount: number }> {
  const { db, log } = ctx;
  const tag = tidyTag(input);
  if (!tag) throw new UserError('Which tag? The name is empty.');
  const photoCount = photosWithTagCount(db, tag);
  const label = `Deleted ${quoted(tag)} from ${photos(photoCount)}`;
  const job = log.begin(label, { rules: [tag] }, (editId) => {
    setRule(db, tag, null, isoNow(ctx.clock));
    return startVocabularyJob(ctx, editId, 'delete', tag, null);
  });
  await runVocabularyJob(ctx, job);
  return { outcome: { label }, photoCount };
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
