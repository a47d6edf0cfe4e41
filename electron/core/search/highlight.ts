// Marks the words of a caption that the search matched, in JavaScript: asking FTS5's highlight() for each
// photo of a page costs a full-text lookup per photo, more than ranking the whole page. Words are compared
// as the index compares them: unicode61 tokens without diacritics, lower-cased, Porter-stemmed.
import { stemmer } from 'stemmer';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../shared/types';
import { CJK_OR_NOT, hasCjk } from '../language/cjk';
import type { WordGroup } from './wordGroup';

export interface HighlightTerms {
  stems: Set<string>;
  prefixes: string[];
  /**
   * The CJK words, found as runs of characters inside a caption's text (longest first), as one pattern
   * compiled once per query rather than per run of every caption.
   */
  cjkPattern: RegExp | null;
}

const forms = new Map<string, string>();
const MAX_REMEMBERED_FORMS = 50_000;

/** The word as the index stores it; remembered, since the same words come back with every keystroke. */
export function indexForm(token: string): string {
  let form = forms.get(token);
  if (form === undefined) {
    if (forms.size >= MAX_REMEMBERED_FORMS) forms.clear();
    forms.set(token, (form = computeIndexForm(token)));
  }
  return form;
}

function computeIndexForm(token: string): string {
  return stemmer(token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
}

export function highlightTerms(groups: WordGroup[]): HighlightTerms {
  const stems = new Set<string>();
  const prefixes: string[] = [];
  const cjk = new Set<string>();
  for (const group of groups) {
    if (hasCjk(group.word)) cjk.add(group.word);
    else if (group.prefix) prefixes.push(group.word);
    else stems.add(indexForm(group.word));
    for (const term of group.related)
      for (const word of term.text.split(/[^\p{L}\p{N}]+/u)) if (word) stems.add(indexForm(word));
  }
  const longestFirst = [...cjk].sort((a, b) => b.length - a.length);
  const cjkPattern = longestFirst.length ? new RegExp(longestFirst.map(escaped).join('|'), 'gu') : null;
  return { stems, prefixes, cjkPattern };
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
const mark = (text: string) => `${HIGHLIGHT_START}${text}${HIGHLIGHT_END}`;

function markCjk(run: string, pattern: RegExp | null): string {
  return pattern ? run.replace(pattern, mark) : run;
}

function markWord(token: string, terms: HighlightTerms): string {
  const form = indexForm(token);
  const lower = token.toLowerCase();
  const hit =
    terms.stems.has(form) ||
    terms.prefixes.some((prefix) => form.startsWith(prefix) || lower.startsWith(prefix));
  return hit ? mark(token) : token;
}

export function highlightCaption(caption: string, terms: HighlightTerms): string {
  return caption.replace(/[\p{L}\p{N}]+/gu, (token) =>
    // "Tokyoタワー" is one token to the regular expression but two words to the index.
    hasCjk(token)
      ? token.replace(CJK_OR_NOT, (part) =>
          hasCjk(part) ? markCjk(part, terms.cjkPattern) : markWord(part, terms),
        )
      : markWord(token, terms),
  );
}
