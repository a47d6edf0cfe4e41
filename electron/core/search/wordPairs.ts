// Words that keep appearing together in this catalogue's own captions and tags. Counted over the newest
// photos (a sample keeps the rebuild under a second at any size), kept in the catalogue, and rebuilt when
// the catalogue has grown by a tenth. A pair must meet several times and far more often than chance.
import type { Database } from 'better-sqlite3';
import { searchTokens } from '../catalog/ftsQuery';
import {
  newestDocumentTexts,
  newestIndexedPhotoId,
  pairsOf,
  replaceWordPairs,
  wordPairsBuilt,
} from '../stores/searchStore';
import { isStopword } from '../language/stopwords';

const SAMPLE = 10_000;
const MIN_TOGETHER = 3;
const MIN_SCORE = 0.25;
const KEPT_PER_WORD = 6;
const MIN_WORD_LENGTH = 3;
const REBUILD_GROWTH = 0.1;
const REBUILD_MIN_NEW = 50;

export interface WordPair {
  other: string;
  score: number;
}

/** A document's distinct words; a plural whose singular the sample also has counts as the singular. */
function documentWords(text: string): string[] {
  return [
    ...new Set(
      searchTokens(text).filter(
        (word) => word.length >= MIN_WORD_LENGTH && !isStopword(word) && !/\d/.test(word),
      ),
    ),
  ];
}

function singularise(docs: string[][]): string[][] {
  const known = new Set(docs.flat());
  const one = (word: string) => {
    if (!word.endsWith('s') || word.endsWith('ss')) return word;
    const guesses = [word.slice(0, -1), word.replace(/es$/, ''), word.replace(/ies$/, 'y')];
    return guesses.find((guess) => guess !== word && known.has(guess)) ?? word;
  };
  return docs.map((words) => [...new Set(words.map(one))]);
}

export function countPairs(texts: string[]): Array<{ word: string; other: string; score: number }> {
  const docs = singularise(texts.map(documentWords));
  const df = new Map<string, number>();
  for (const words of docs) for (const word of words) df.set(word, (df.get(word) ?? 0) + 1);
  const together = new Map<string, number>();
  for (const words of docs) {
    const frequent = words.filter((word) => df.get(word)! >= MIN_TOGETHER).sort();
    for (let i = 0; i < frequent.length; i++)
      for (let j = i + 1; j < frequent.length; j++) {
        const key = `${frequent[i]}\t${frequent[j]}`;
        together.set(key, (together.get(key) ?? 0) + 1);
      }
  }
  const n = docs.length;
  const best = new Map<string, WordPair[]>();
  for (const [key, count] of together) {
    if (count < MIN_TOGETHER || count === n) continue;
    const [a, b] = key.split('\t') as [string, string];
    const pmi = Math.log((count * n) / (df.get(a)! * df.get(b)!));
    const score = pmi / -Math.log(count / n);
    if (score < MIN_SCORE) continue;
    for (const [word, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = best.get(word) ?? [];
      list.push({ other, score });
      best.set(word, list);
    }
  }
  return [...best].flatMap(([word, list]) =>
    list
      .sort((x, y) => y.score - x.score)
      .slice(0, KEPT_PER_WORD)
      .map((pair) => ({ word, ...pair })),
  );
}

function rebuild(db: Database, lastPhotoId: number): void {
  const texts = newestDocumentTexts(db, SAMPLE);
  replaceWordPairs(db, countPairs(texts), { lastPhotoId, photos: texts.length }, new Date());
}

/** Rebuilds the pairs when the catalogue has grown enough since the last count (or was never counted). */
export function refreshWordPairs(db: Database): void {
  const last = newestIndexedPhotoId(db);
  const built = wordPairsBuilt(db);
  const grown = built ? last - built.lastPhotoId : last;
  if (grown >= Math.max(REBUILD_MIN_NEW, (built?.photos ?? 0) * REBUILD_GROWTH)) rebuild(db, last);
}

export function wordPairs(db: Database, word: string): WordPair[] {
  return pairsOf(db, word);
}
