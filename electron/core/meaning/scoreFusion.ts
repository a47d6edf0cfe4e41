// CombSUM (Fox & Shaw, 1994) of min-max normalised scores (Lee, 1997): each ranking's scores are mapped onto
// 0..1 (its best 1, its worst 0), a photo's fused score is the sum over the rankings, and a photo a ranking
// did not return gets that ranking's 0, as if it were its worst. Equal weights: nothing is fitted.

function minMax(scores: ReadonlyMap<number, number>): Map<number, number> {
  let min = Infinity;
  let max = -Infinity;
  for (const score of scores.values()) {
    min = Math.min(min, score);
    max = Math.max(max, score);
  }
  // One score, or all equal: every photo in it is that ranking's best.
  const span = max - min;
  return new Map([...scores].map(([id, score]) => [id, span > 0 ? (score - min) / span : 1]));
}

/** `ids`, best first by the sum of their normalised scores in `rankings` (ties: the newer photo first). */
export function combSum(
  ids: Iterable<number>,
  rankings: ReadonlyArray<ReadonlyMap<number, number>>,
): number[] {
  const normalised = rankings.map(minMax);
  const fused = new Map<number, number>();
  for (const id of ids) {
    let sum = 0;
    for (const ranking of normalised) sum += ranking.get(id) ?? 0;
    fused.set(id, sum);
  }
  return [...fused.keys()].sort((a, b) => fused.get(b)! - fused.get(a)! || b - a);
}
