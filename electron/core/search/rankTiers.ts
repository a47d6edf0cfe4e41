// Ranks photo ids, nothing else: no highlight, no join to files or names, until the page is cut. A search
// asks FTS5 for the newest matches of an expression (rowid order, which the index walks for free) and scores
// only those with bm25; `RANK_WINDOW` bounds that work, so a word found in a tenth of a million photos
// costs as much as one found in a few thousand. Counts stop at `COUNT_CAP` and say so.
//
// Two tiers make the relevance cut: photos that match every word (itself or a related word) come first,
// those matching every word exactly before those that needed a related word; photos matching only some words
// follow, scored by how much of the query they match, related words counting less than the words typed.
import type { Database } from 'better-sqlite3';
import { countMatches, scoredMatches, type Scope } from '../stores/searchScope';
import { newestIndexedPhotoId } from '../stores/searchStore';
import {
  allExact,
  allGroups,
  anyGroup,
  closeExpression,
  exactExpression,
  looseExpression,
  type WordGroup,
} from './queryPlan';

/** "1,000+" says what a person needs to know; counting further walks posting lists no page will show. */
export const COUNT_CAP = 1_000;
/** One more than the cap: a full window of matches is itself proof that the count is past it. */
export const RANK_WINDOW = COUNT_CAP + 1;
/** A catalogue this small ranks every match: it costs little, and nothing is left to the window. */
const RANK_ALL_UP_TO = 10_000;
// Expansion terms weigh well below the words typed, as query-expansion practice has it (a related word is a
// guess at what was meant, and a wrong sense of it, "dog" as "to chase", must not outrank a photo saying the
// typed word). Round values set by that principle, not fitted: only three such settings were ever compared.
const CLOSE_FACTOR = 0.3;
const LOOSE_FACTOR = 0.1;
/** Up to this many words, a strong match has them all; longer queries (whole sentences) need most of them. */
const ALL_WORDS_UP_TO = 4;
const SHARE_OF_BEST = 0.5;

export interface Tiers {
  strong: number[];
  /** How many of `strong`, from the front, match every word as typed (none are told apart in a sentence). */
  exactCount: number;
  /** A whole sentence: the tiers are cut by how much of it a photo covers. */
  sentence: boolean;
  strongTotal: number;
  /** Null when the page did not need them. */
  weaker: number[] | null;
  weakerTotal: number;
  countsAreAtLeast: boolean;
  /** A whole sentence's bm25 coverage score of each photo in either tier. */
  coverageScores?: Map<number, number>;
}

/** How many matches a ranking looks at: all of them in a small catalogue, the newest `RANK_WINDOW` in a large one. */
function windowFor(db: Database, need: number): number {
  const size = newestIndexedPhotoId(db);
  return Math.max(size <= RANK_ALL_UP_TO ? size : RANK_WINDOW, need);
}

function count(db: Database, match: string, scope: Scope): { n: number; atLeast: boolean } {
  const n = countMatches(db, match, scope, COUNT_CAP + 1);
  return n > COUNT_CAP ? { n: COUNT_CAP, atLeast: true } : { n, atLeast: false };
}

const byScore = (scores: Map<number, number>) => (a: number, b: number) =>
  scores.get(b)! - scores.get(a)! || b - a;

interface Coverage {
  score: number;
  words: number;
}

/** Every photo matching any word, with how many words it matches and a bm25 score summed over them. */
function coverage(db: Database, groups: WordGroup[], scope: Scope, window: number) {
  const photos = new Map<number, Coverage>();
  let capped = false;
  const none = new Map<number, number>();
  for (const group of groups) {
    const exact = scoredMatches(db, exactExpression(group), scope, window);
    const closeMatch = closeExpression(group);
    const looseMatch = looseExpression(group);
    const close = closeMatch ? scoredMatches(db, closeMatch, scope, window) : none;
    const loose = looseMatch ? scoredMatches(db, looseMatch, scope, window) : none;
    capped ||= exact.size >= window || close.size >= window || loose.size >= window;
    for (const id of new Set([...exact.keys(), ...close.keys(), ...loose.keys()])) {
      const score = Math.max(
        exact.get(id) ?? 0,
        (close.get(id) ?? 0) * CLOSE_FACTOR,
        (loose.get(id) ?? 0) * LOOSE_FACTOR,
      );
      const entry = photos.get(id) ?? { score: 0, words: 0 };
      entry.score += score;
      entry.words += 1;
      photos.set(id, entry);
    }
  }
  return { photos, capped };
}

/** bm25 summed over the words a photo matches (related words counting less), best first. */
function rankByCoverage(photos: Map<number, Coverage>, ids: number[]): number[] {
  const scores = new Map(ids.map((id) => [id, photos.get(id)!.score]));
  return ids.sort(byScore(scores));
}

/** Short queries: the strong tier straight from FTS5 (all words), the weaker one only when a page needs it. */
function shortQuery(
  db: Database,
  groups: WordGroup[],
  scope: Scope,
  need: number,
  wantWeaker: boolean,
): Tiers {
  const window = windowFor(db, need);
  const hasRelated = groups.some((group) => closeExpression(group) !== null);
  // Those matching every word as typed come first, ranked by the typed words alone: a related word a photo
  // also happens to contain must not reorder the photos that say exactly what was asked.
  const exact = scoredMatches(db, allExact(groups), scope, window);
  // When they fill the page, the related words' matches all come after it: they are counted, not scored
  // (bm25 reads every related word's whole posting list to weigh it, the dearest part of a search).
  const exactFillsPage = hasRelated && exact.size >= need;
  const all = hasRelated && !exactFillsPage ? scoredMatches(db, allGroups(groups), scope, window) : exact;
  const strong = [...exact.keys()].sort(byScore(exact));
  strong.push(...[...all.keys()].filter((id) => !exact.has(id)).sort(byScore(all)));
  const strongCount =
    strong.length > COUNT_CAP
      ? { n: COUNT_CAP, atLeast: true }
      : all.size >= window || exactFillsPage
        ? count(db, allGroups(groups), scope)
        : { n: strong.length, atLeast: false };
  // Past the cap the strong tier's size is unknown, and so is how many match only some words.
  const anyCount =
    groups.length === 1 || strongCount.atLeast ? strongCount : count(db, anyGroup(groups), scope);
  const weakerTotal = Math.max(0, anyCount.n - strongCount.n);
  const tiers: Tiers = {
    strong,
    exactCount: exact.size,
    sentence: false,
    strongTotal: strongCount.n,
    weaker: null,
    weakerTotal,
    countsAreAtLeast: strongCount.atLeast || anyCount.atLeast,
  };
  const needsWeaker = weakerTotal > 0 && (strong.length === 0 || (wantWeaker && need > strong.length));
  if (needsWeaker) {
    const { photos } = coverage(db, groups, scope, window);
    const inStrong = new Set(strong);
    tiers.weaker = rankByCoverage(
      photos,
      [...photos.keys()].filter((id) => !inStrong.has(id)),
    );
  }
  return tiers;
}

/**
 * Whole sentences: every photo matching any word is scored by how much of the sentence it covers; the strong
 * ones are those scoring at least half of the best, so the cut follows the ranking instead of cutting across it.
 */
function longQuery(db: Database, groups: WordGroup[], scope: Scope, need: number): Tiers {
  const window = windowFor(db, need);
  const { photos, capped } = coverage(db, groups, scope, window);
  const ranked = rankByCoverage(photos, [...photos.keys()]);
  const best = ranked.length > 0 ? photos.get(ranked[0]!)!.score : 0;
  const cut = ranked.findIndex((id) => photos.get(id)!.score < best * SHARE_OF_BEST);
  const strong = cut < 0 ? ranked : ranked.slice(0, cut);
  const weaker = cut < 0 ? [] : ranked.slice(cut);
  return {
    strong,
    exactCount: 0,
    sentence: true,
    strongTotal: strong.length,
    weaker,
    weakerTotal: weaker.length,
    countsAreAtLeast: capped,
    coverageScores: new Map([...photos].map(([id, c]) => [id, c.score])),
  };
}

/** `need` is how far down the list the page reaches (offset + limit). */
export function rankTiers(
  db: Database,
  groups: WordGroup[],
  scope: Scope,
  need: number,
  wantWeaker: boolean,
): Tiers {
  return groups.length <= ALL_WORDS_UP_TO
    ? shortQuery(db, groups, scope, need, wantWeaker)
    : longQuery(db, groups, scope, need);
}
