// What a query asks for, before anything is ranked: its date phrase, its words without the little ones, and
// for each word the related words that may stand in for it. FTS5 expressions are built here and only here,
// from quoted words, so nothing a person types can reach FTS5's query syntax.
import type { Database } from 'better-sqlite3';
import type { AlsoSearched, DateFilter } from '../../../shared/types';
import { searchTokens } from '../catalog/ftsQuery';
import { hasCjk } from '../language/cjk';
import type { Lexicon } from '../language/lexicon';
import { isStopword } from '../language/stopwords';
import { readDates } from './datePhrases';
import { indexForm } from './highlight';
import { remembered } from '../catalog/searchMemo';
import { prefixCompletions } from '../catalog/searchPrefix';
import { CLOSE_WEIGHT, ftsPhrase, relatedTerms, typoTerm, type WordContext } from './relatedWords';
import type { RelatedTerm, WordGroup } from './wordGroup';
import { refreshWordPairs } from './wordPairs';

export type { WordGroup } from './wordGroup';

export interface QueryPlan {
  groups: WordGroup[];
  dateFilter: DateFilter | null;
}

export interface PlanOptions {
  exact: boolean;
  readDates: boolean;
  now: Date;
}

/** A prefix this short matches too many words to stand for anything yet. */
const MIN_RELATED_LENGTH = 3;

const lexiconIds = new WeakMap<Lexicon, number>();
let lexiconsSeen = 0;

/** A word's related words are the same on every key typed after it, until the catalogue or the lexicon changes. */
function rememberedRelatedTerms(db: Database, lexicon: Lexicon, context: WordContext): RelatedTerm[] {
  let id = lexiconIds.get(lexicon);
  if (id === undefined) lexiconIds.set(lexicon, (id = ++lexiconsSeen));
  const key = ['related', id, context.word, context.next ?? '', context.previous ?? ''].join('\t');
  return remembered(db, key, () => relatedTerms(db, lexicon, context));
}

/** One letter or digit alone, still being typed: every photo has a word starting with it. */
const LONE_FIRST_KEY = /^[\p{Script=Latin}\p{N}]$/u;

export function planQuery(
  db: Database,
  lexicon: () => Lexicon,
  text: string,
  options: PlanOptions,
): QueryPlan {
  const tokens = searchTokens(text);
  const dates = options.readDates ? readDates(tokens, options.now) : { filter: null, words: tokens };
  const content = dates.words.filter((word) => !isStopword(word));
  // "the who" is all little words; then they are what the person is looking for.
  const words = content.length > 0 ? content : dates.words;
  const endsWithWord = dates.words.length > 0 && tokens.at(-1) === dates.words.at(-1);
  // A single letter just typed after other words narrows nothing yet and costs a scan of every word
  // that starts with it: "dog o" searches "dog" until the next key.
  // A single CJK character is a whole word, though.
  const last = words.at(-1);
  if (endsWithWord && words.length > 1 && last?.length === 1 && last === tokens.at(-1) && !hasCjk(last))
    words.pop();
  // The same goes for the very first key: until the second one the search box shows the newest photos.
  if (endsWithWord && words.length === 1 && words[0] === tokens.at(-1) && LONE_FIRST_KEY.test(words[0]!))
    return { groups: [], dateFilter: dates.filter };
  if (!options.exact) refreshWordPairs(db);
  // A related word that the query also asks for itself is counted by its own word, not twice.
  const asked = new Set(words.map(indexForm));
  const groups = words.map((word, i): WordGroup => {
    const prefix = i === words.length - 1 && endsWithWord;
    const completions = prefix && !hasCjk(word) ? prefixCompletions(db, word) : null;
    // The related words known here are English ones, and a CJK word has no typo to correct letter by letter.
    if (options.exact || word.length < MIN_RELATED_LENGTH || hasCjk(word))
      return { word, prefix, completions, related: [] };
    const context = { word, next: words[i + 1], previous: words[i - 1] };
    const related = rememberedRelatedTerms(db, lexicon(), context).filter(
      (term) => !asked.has(indexForm(term.text)),
    );
    if (related.length === 0) {
      const typo = remembered(db, `typo\t${word}\t${prefix}`, () => typoTerm(db, word, prefix));
      if (typo) related.push(typo);
    }
    return { word, prefix, completions, related };
  });
  return { groups, dateFilter: dates.filter };
}

export function exactExpression(group: WordGroup): string {
  const completions = group.prefix ? group.completions : null;
  if (!completions) return ftsPhrase(group.word, group.prefix);
  const words = completions.map((word) => ftsPhrase(word));
  return words.length === 1 ? words[0]! : `(${words.join(' OR ')})`;
}

function orOf(terms: RelatedTerm[]): string | null {
  return terms.length === 0 ? null : terms.map((term) => ftsPhrase(term.text)).join(' OR ');
}

/** Related words that may stand in for the word: forms, compounds, synonyms, corrections. */
export function closeExpression(group: WordGroup): string | null {
  return orOf(group.related.filter((term) => term.weight >= CLOSE_WEIGHT));
}

/** Related words that only hint at it: broader or narrower words further off, the catalogue's companions. */
export function looseExpression(group: WordGroup): string | null {
  return orOf(group.related.filter((term) => term.weight < CLOSE_WEIGHT));
}

/** The word or a close related word. */
export function groupExpression(group: WordGroup): string {
  const close = closeExpression(group);
  return close === null ? exactExpression(group) : `(${exactExpression(group)} OR ${close})`;
}

/** The word or any related word at all. */
export function widestExpression(group: WordGroup): string {
  const related = orOf(group.related);
  return related === null ? exactExpression(group) : `(${exactExpression(group)} OR ${related})`;
}

export function allExact(groups: WordGroup[]): string {
  return groups.map(exactExpression).join(' AND ');
}

export function allGroups(groups: WordGroup[]): string {
  return groups.map(groupExpression).join(' AND ');
}

export function anyGroup(groups: WordGroup[]): string {
  return groups.map(widestExpression).join(' OR ');
}

/** What the result header tells: "also: dog, pup"; "beech → beach". */
export function alsoSearched(groups: WordGroup[]): AlsoSearched[] {
  return groups
    .filter((group) => group.related.length > 0)
    .map((group) => {
      const typo = group.related.find((term) => term.source === 'typo');
      return {
        word: group.word,
        also: group.related.filter((term) => term.source !== 'typo').map((term) => term.text),
        ...(typo ? { corrected: typo.text } : {}),
      };
    });
}
