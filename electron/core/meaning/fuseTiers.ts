// Words and meaning, ranked together. Each tier keeps its ranking by words and gains a second one, by how
// close each photo's caption is in meaning to the query; the two are merged by reciprocal rank fusion (a
// photo's score is 1/(60 + rank) summed over the rankings it appears in, the usual way to merge rankings
// whose scores are not comparable, with the usual constant). The tiers themselves hold: photos matching
// every word as typed stay first, and a photo found by meaning alone joins the strong tier only when it is
// very close (or, for a whole sentence, among its ten closest), else it comes with the weaker matches,
// where the relevance cut counts it.
//
// A whole sentence is the exception. No photo matches every word of it, so its tiers are not a yes or no but
// a cut across one score (how much of the sentence a photo covers), and both rankings carry scores that say
// how good a match is, which ranks alone throw away: its words and meaning are merged by their scores
// (CombSUM of min-max normalised bm25 and cosine, see scoreFusion.ts), across the cut, and the strong tier is
// the first photos of that one ranking, as many as the words and the meaning rule above put there.
import type { Tiers } from '../search/rankTiers';
import type { Neighbour } from './meaningIndex';
import { combSum } from './scoreFusion';

const FUSION_K = 60;
/**
 * Cosines of this sentence encoder, on pairs written for the purpose (not from any benchmark): a short query
 * and a caption about something else score 0.1–0.3, one about the same thing in other words 0.4–0.65
 * ("livestock out in the countryside" and a flock of sheep grazing: 0.49), a paraphrase of a whole sentence more.
 */
const CLOSE_IN_MEANING = 0.4;
const VERY_CLOSE_IN_MEANING = 0.7;
/** As many as a first screen of results. */
const CLOSEST_OF_A_SENTENCE = 10;

export type RankedTiers = Pick<
  Tiers,
  'strong' | 'exactCount' | 'sentence' | 'weaker' | 'strongTotal' | 'weakerTotal' | 'coverageScores'
>;

export interface FusedTiers {
  strong: number[];
  weaker: number[] | null;
  strongTotal: number;
  weakerTotal: number;
  /** Photos in either tier found by meaning alone, matching no word. */
  byMeaningAlone: number;
}

function fuse(ids: number[], wordRank: Map<number, number>, meaningRank: Map<number, number>): number[] {
  const score = (id: number) =>
    (wordRank.has(id) ? 1 / (FUSION_K + wordRank.get(id)!) : 0) +
    (meaningRank.has(id) ? 1 / (FUSION_K + meaningRank.get(id)!) : 0);
  const scores = new Map(ids.map((id) => [id, score(id)]));
  return [...ids].sort((a, b) => scores.get(b)! - scores.get(a)! || b - a);
}

const ranks = (ids: number[]) => new Map(ids.map((id, rank) => [id, rank]));

type Ordered = Pick<FusedTiers, 'strong' | 'weaker'>;

/** Each tier's words and meaning merged by their ranks; a photo found by meaning alone joins a tier. */
function byRanks(
  tiers: RankedTiers,
  outside: Neighbour[],
  veryClose: number[],
  meaningRank: Map<number, number>,
): Ordered {
  const strongRank = ranks(tiers.strong);
  const strong = [
    ...fuse(tiers.strong.slice(0, tiers.exactCount), strongRank, meaningRank),
    ...fuse([...tiers.strong.slice(tiers.exactCount), ...veryClose], strongRank, meaningRank),
  ];
  const nowStrong = new Set(strong);
  const lexicalWeaker = (tiers.weaker ?? []).filter((id) => !nowStrong.has(id));
  const inWeaker = new Set(lexicalWeaker);
  const joiningWeaker = outside.map((n) => n.id).filter((id) => !nowStrong.has(id) && !inWeaker.has(id));
  // Without the weaker tier at hand (not asked for), it is left to be built when it is.
  const weaker =
    tiers.weaker === null && tiers.strong.length > 0
      ? null
      : fuse([...lexicalWeaker, ...joiningWeaker], ranks(lexicalWeaker), meaningRank);
  return { strong, weaker };
}

/**
 * A sentence's word matches and close photos as one ranking by their scores; the strong tier is its first
 * photos, as many as words and meaning put there.
 */
function bySentenceScores(
  tiers: RankedTiers,
  coverage: ReadonlyMap<number, number>,
  neighbours: Neighbour[],
  close: Neighbour[],
  veryClose: number[],
): Ordered {
  const ranked = combSum(new Set([...coverage.keys(), ...close.map((n) => n.id)]), [
    coverage,
    new Map(neighbours.map((n) => [n.id, n.similarity])),
  ]);
  const strongSize = tiers.strong.length + veryClose.length;
  return { strong: ranked.slice(0, strongSize), weaker: ranked.slice(strongSize) };
}

/**
 * `neighbours`: the photos in scope closest in meaning, most similar first. `matchingSomeWord`: which of the
 * given photos match at least one word of the query (the weaker tier's count holds them already).
 */
export function fuseTiers(
  tiers: RankedTiers,
  neighbours: Neighbour[],
  matchingSomeWord: (ids: number[]) => Set<number>,
): FusedTiers {
  const inStrong = new Set(tiers.strong);
  const close = neighbours.filter((n) => n.similarity >= CLOSE_IN_MEANING);
  const outside = close.filter((n) => !inStrong.has(n.id));
  const matching = outside.length > 0 ? matchingSomeWord(outside.map((n) => n.id)) : new Set<number>();
  // Every neighbour reorders what the words found; only a close one joins the list by meaning alone.
  const meaningRank = ranks(neighbours.map((n) => n.id));
  // A sentence's strong tier holds the photos covering most of it; the few photos closest to the whole
  // sentence in meaning are as strong a match.
  const joinsStrong = (n: Neighbour) =>
    n.similarity >= VERY_CLOSE_IN_MEANING ||
    (tiers.sentence && n.similarity >= CLOSE_IN_MEANING && meaningRank.get(n.id)! < CLOSEST_OF_A_SENTENCE);
  const veryClose = outside.filter(joinsStrong).map((n) => n.id);
  const { strong, weaker } =
    tiers.sentence && tiers.coverageScores
      ? bySentenceScores(tiers, tiers.coverageScores, neighbours, close, veryClose)
      : byRanks(tiers, outside, veryClose, meaningRank);
  const alone = outside.filter((n) => !matching.has(n.id)).length;
  const movedFromWeaker = veryClose.filter((id) => matching.has(id)).length;
  return {
    strong,
    weaker,
    strongTotal: tiers.strongTotal + veryClose.length,
    weakerTotal:
      tiers.weakerTotal - movedFromWeaker + (alone - veryClose.filter((id) => !matching.has(id)).length),
    byMeaningAlone: alone,
  };
}
