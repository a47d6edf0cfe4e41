// For one word of a query, the other words that should find the same photos: irregular forms ("children"),
// compounds written together or apart ("sailboat" / "sail boat"), WordNet's synonyms and more general or more
// specific words, and a correction when the word is a typo of one the catalogue knows. Only words that some
// photo actually contains are kept, so the "also:" line never lists a word that found nothing.
import type { Database } from 'better-sqlite3';
import { cjkSpaced } from '../language/cjk';
import { irregularForms } from '../language/irregularForms';
import type { Lexicon } from '../language/lexicon';
import { indexMatchesAny, vocabularyCounts } from '../stores/searchStore';
import { indexForm } from './highlight';
import { correctTypo } from './typo';
import type { RelatedTerm } from './wordGroup';
import { wordPairs } from './wordPairs';

/** At or above this weight a related word stands in for the word itself (a strong match may use it). */
export const CLOSE_WEIGHT = 0.5;
/** Words that merely keep company with the word weigh less than any dictionary relation. */
const PAIR_WEIGHT = 0.45;

const CHECKED_PER_WORD = 40;
const KEPT_PER_WORD = 8;
const PAIRS_PER_WORD = 4;
const MIN_COMPOUND_PART = 3;

/** A CJK word is the phrase of its characters, as the index stores them one by one. */
export function ftsPhrase(text: string, prefix = false): string {
  return `"${cjkSpaced(text.replaceAll('"', ''))}"${prefix ? '*' : ''}`;
}

/** True when at least one photo in the catalogue contains the word or phrase. */
export function catalogueHas(db: Database, text: string, prefix = false): boolean {
  return indexMatchesAny(db, ftsPhrase(text, prefix));
}

/**
 * How many photos contain each word (for a phrase: its rarest word), looked up in the index's vocabulary in
 * one query; words no photo contains are absent from the map.
 */
function documentCounts(db: Database, texts: string[]): Map<string, number> {
  const stems = new Map<string, string[]>();
  for (const text of new Set(texts))
    stems.set(
      text,
      text
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .map(indexForm),
    );
  const found = vocabularyCounts(db, [...new Set([...stems.values()].flat())]);
  const counts = new Map<string, number>();
  for (const [text, words] of stems) {
    const docs = words.map((stem) => found.get(stem) ?? 0);
    if (words.length > 0 && docs.every((n) => n > 0)) counts.set(text, Math.min(...docs));
  }
  return counts;
}

/** The dictionary forms WordNet may list a word under: "puppies" → puppy, "boats" → boat. */
function lemmas(word: string, lexicon: Lexicon): string[] {
  const guesses = [
    word,
    ...irregularForms(word),
    word.replace(/ies$/, 'y'),
    word.replace(/es$/, ''),
    word.replace(/s$/, ''),
    word.replace(/ing$/, ''),
    word.replace(/ing$/, 'e'),
    word.replace(/([a-z])\1ing$/, '$1'),
    word.replace(/ed$/, ''),
    word.replace(/ed$/, 'e'),
  ];
  return [...new Set(guesses)].filter((guess) => guess.length > 1 && lexicon.knows(guess));
}

function compoundSplits(word: string, lexicon: Lexicon): string[] {
  const splits: string[] = [];
  for (let i = MIN_COMPOUND_PART; i <= word.length - MIN_COMPOUND_PART; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (lexicon.knows(head) && lexicon.knows(tail)) splits.push(`${head} ${tail}`);
  }
  return splits;
}

export interface WordContext {
  word: string;
  /** The word next to it in the query, to try the two written as one ("sail boat" → sailboat). */
  next?: string | undefined;
  previous?: string | undefined;
}

export function relatedTerms(db: Database, lexicon: Lexicon, context: WordContext): RelatedTerm[] {
  const { word } = context;
  const candidates: RelatedTerm[] = [];
  for (const form of irregularForms(word)) candidates.push({ text: form, weight: 0.95, source: 'form' });
  for (const split of compoundSplits(word, lexicon))
    candidates.push({ text: split, weight: 0.95, source: 'compound' });
  if (context.next) candidates.push({ text: word + context.next, weight: 0.95, source: 'compound' });
  if (context.previous) candidates.push({ text: context.previous + word, weight: 0.95, source: 'compound' });
  for (const lemma of lemmas(word, lexicon)) {
    const factor = lemma === word ? 1 : 0.95;
    for (const related of lexicon.related(lemma, CHECKED_PER_WORD)) {
      if (related.word.split(/[ -]/).length > 2) continue;
      candidates.push({ text: related.word, weight: related.weight * factor, source: related.kind });
    }
  }
  const counts = documentCounts(
    db,
    candidates.map((candidate) => candidate.text),
  );
  candidates.sort((a, b) => b.weight - a.weight || (counts.get(b.text) ?? 0) - (counts.get(a.text) ?? 0));

  const kept: RelatedTerm[] = [];
  const seen = new Set([word]);
  for (const candidate of candidates) {
    if (kept.length >= KEPT_PER_WORD) break;
    if (seen.has(candidate.text) || !counts.has(candidate.text)) continue;
    seen.add(candidate.text);
    // A phrase's words may each be there without the phrase.
    if (!candidate.text.includes(' ') || catalogueHas(db, candidate.text)) kept.push(candidate);
  }
  // Pairs come from the catalogue's own words, so they need no check.
  const singular = word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  const pairs = [...wordPairs(db, word), ...(singular === word ? [] : wordPairs(db, singular))];
  for (const pair of pairs.slice(0, PAIRS_PER_WORD)) {
    if (seen.has(pair.other)) continue;
    seen.add(pair.other);
    kept.push({ text: pair.other, weight: PAIR_WEIGHT * pair.score, source: 'catalogue' });
  }
  return kept;
}

/** A correction for a word no photo contains, unless the word's related words already found something. */
export function typoTerm(db: Database, word: string, prefix: boolean): RelatedTerm | null {
  if (catalogueHas(db, word, prefix)) return null;
  const corrected = correctTypo(db, word);
  return corrected ? { text: corrected, weight: 0.9, source: 'typo' } : null;
}
