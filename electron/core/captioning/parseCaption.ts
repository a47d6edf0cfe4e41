import { z } from 'zod';
import { LIMITS } from '../../../shared/contract';
import { cleanCaption } from './captionText';
import { MAX_TAGS } from './prompt';
import { cleanTags } from './tagCleaning';

export interface ParsedCaption {
  caption: string;
  tags: string[];
}

export type ParseResult = { ok: true; value: ParsedCaption } | { ok: false; reason: string };

const captionSchema = z.object({
  caption: z
    .string()
    .trim()
    .min(1, 'the caption is empty')
    .max(LIMITS.captionChars, 'the caption is too long'),
  tags: z.array(z.string()).max(100, 'too many tags'),
});

/** Candidate JSON texts, most likely first: the whole reply, fenced blocks, then the outermost {...}. */
function jsonCandidates(text: string): string[] {
  const candidates = [text.trim()];
  for (const match of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) {
    if (match[1]) candidates.push(match[1].trim());
  }
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) candidates.push(text.slice(first, last + 1));
  return candidates;
}

/** Tags tidied (no "#", one space, lower case), cleaned for the caption language, at most MAX_TAGS. */
export function normaliseTags(tags: readonly string[], language = 'en'): string[] {
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim().replace(/^#+/, '').replace(/\s+/g, ' ').toLocaleLowerCase();
    // A model's tag is held to the length a user's may have, so accepting it never makes a tag the review
    // would refuse; a longer one is a sentence, not a tag, and is dropped.
    if (tag && tag.length <= LIMITS.tagChars) seen.add(tag);
  }
  return cleanTags([...seen], language).slice(0, MAX_TAGS);
}

/**
 * Reads the model's reply defensively: JSON mode can still come back wrapped in a Markdown fence or in prose.
 * On failure the reason is a sentence a user can read in the photo's details.
 */
export function parseCaption(content: string | null | undefined, language = 'en'): ParseResult {
  if (content === null || content === undefined || !content.trim()) {
    return { ok: false, reason: 'the model returned an empty reply' };
  }
  let parsed: unknown = undefined;
  let found = false;
  for (const candidate of jsonCandidates(content)) {
    try {
      parsed = JSON.parse(candidate);
      found = true;
      break;
    } catch {
      // try the next candidate
    }
  }
  if (!found) {
    return { ok: false, reason: `the model's reply is not JSON: "${excerpt(content)}"` };
  }
  const result = captionSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return {
      ok: false,
      reason: `the model's reply does not have the expected caption and tags: ${issue?.message ?? 'invalid'}${where}`,
    };
  }
  const caption = cleanCaption(result.data.caption);
  if (!caption) return { ok: false, reason: "the model's caption is empty once its formatting is removed" };
  return { ok: true, value: { caption, tags: normaliseTags(result.data.tags, language) } };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
