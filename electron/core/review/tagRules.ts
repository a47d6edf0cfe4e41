import type { Database } from 'better-sqlite3';
import { ruleTargets } from '../stores/tagsStore';

/** Lower-cased tag → what the model's tag becomes: another tag, or null to drop it. */
export type TagRules = ReadonlyMap<string, string | null>;

export function loadRules(db: Database): TagRules {
  return new Map(ruleTargets(db).map((row) => [row.from_tag.toLowerCase(), row.to_tag]));
}

/** Follows rename chains (puppy → pup → dog); a loop someone built by hand stops where it closes. */
export function resolveTag(rules: TagRules, tag: string): string | null {
  let current = tag;
  const seen = new Set<string>();
  for (;;) {
    const key = current.toLowerCase();
    if (seen.has(key) || !rules.has(key)) return current;
    seen.add(key);
    const next = rules.get(key)!;
    if (next === null) return null;
    current = next;
  }
}

/** Tags once each, whatever their case (a photo's tags ignore it); the first spelling stays, order kept. */
export function distinctTags(tags: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const tag of tags) if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  return [...seen.values()];
}

/** The model's tags after the vocabulary: renamed, merged, dropped, without duplicates, order kept. */
export function applyRules(rules: TagRules, tags: readonly string[]): string[] {
  return distinctTags(tags.flatMap((tag) => resolveTag(rules, tag) ?? []));
}

/** A tag as the user typed it, tidied: trimmed, inner whitespace collapsed. Empty means none. */
export function tidyTag(tag: string): string {
  return tag.replace(/\s+/g, ' ').trim();
}
