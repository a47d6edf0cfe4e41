import { describe, expect, it } from 'vitest';
import { fuseTiers, type RankedTiers } from './fuseTiers';

const tiers = (over: Partial<RankedTiers> = {}): RankedTiers => ({
  strong: [1, 2, 3],
  exactCount: 2,
  sentence: false,
  weaker: [4, 5],
  strongTotal: 3,
  weakerTotal: 2,
  ...over,
});
const none = () => new Set<number>();

describe('words and meaning ranked together', () => {
  it('keeps the photos matching every word as typed first, reordered by meaning among themselves', () => {
    const fused = fuseTiers(
      tiers(),
      [
        { id: 9, similarity: 0.9 },
        { id: 2, similarity: 0.8 },
      ],
      none,
    );
    // 2 overtakes 1 among the exact matches; 9, found by meaning alone, comes after them, before 3.
    expect(fused.strong).toEqual([2, 1, 9, 3]);
    expect(fused).toMatchObject({ strongTotal: 4, weakerTotal: 2, byMeaningAlone: 1 });
  });

  it('puts a close photo matching no word among the weaker ones, and counts it there', () => {
    const fused = fuseTiers(tiers(), [{ id: 8, similarity: 0.5 }], none);
    expect(fused.strong).toEqual([1, 2, 3]);
    expect(fused.weaker).toEqual([8, 4, 5]);
    expect(fused).toMatchObject({ strongTotal: 3, weakerTotal: 3, byMeaningAlone: 1 });
  });

  it('adds nothing that is not close in meaning, and counts a weaker match that moves up only once', () => {
    const far = fuseTiers(tiers(), [{ id: 8, similarity: 0.2 }], none);
    expect(far).toMatchObject({ strong: [1, 2, 3], weaker: [4, 5], strongTotal: 3, weakerTotal: 2 });
    // Photo 4 matches some word (it is a weaker match already) and is very close: it moves up.
    const up = fuseTiers(
      tiers(),
      [{ id: 4, similarity: 0.75 }],
      (ids) => new Set(ids.filter((id) => id === 4)),
    );
    expect(up.strong).toEqual([1, 2, 4, 3]);
    expect(up.weaker).toEqual([5]);
    expect(up).toMatchObject({ strongTotal: 4, weakerTotal: 1, byMeaningAlone: 0 });
  });

  it("lets a sentence's closest photos into the strong tier", () => {
    const fused = fuseTiers(tiers({ sentence: true, exactCount: 0 }), [{ id: 7, similarity: 0.45 }], none);
    expect(fused.strong).toContain(7);
    expect(fuseTiers(tiers(), [{ id: 7, similarity: 0.45 }], none).strong).not.toContain(7);
  });
});

describe("a whole sentence's words and meaning merged by their scores", () => {
  const sentence = (coverage: Array<[number, number]>, strong: number[]) =>
    tiers({
      sentence: true,
      exactCount: 0,
      strong,
      weaker: coverage.map(([id]) => id).filter((id) => !strong.includes(id)),
      strongTotal: strong.length,
      weakerTotal: coverage.length - strong.length,
      coverageScores: new Map(coverage),
    });

  it('lets a weaker word match that is close in meaning overtake a strong one that is not', () => {
    // By words 1 and 2 are strong (at least half the best), 3 is weaker; by meaning 3 is the closest, though
    // not close enough to join the strong tier by meaning alone, so the tier keeps two photos.
    const fused = fuseTiers(
      sentence(
        [
          [1, 10],
          [2, 9],
          [3, 4],
        ],
        [1, 2],
      ),
      [
        { id: 3, similarity: 0.38 },
        { id: 1, similarity: 0.35 },
        { id: 2, similarity: 0.1 },
      ],
      (ids) => new Set(ids),
    );
    expect(fused.strong).toEqual([1, 3]);
    expect(fused.weaker).toEqual([2]);
    // The tiers keep their sizes: the cut follows the merged ranking, the counts stay the words' and meaning's.
    expect(fused).toMatchObject({ strongTotal: 2, weakerTotal: 1, byMeaningAlone: 0 });
  });

  it('adds a close photo matching no word, and only a close one', () => {
    const fused = fuseTiers(
      sentence(
        [
          [1, 10],
          [2, 2],
        ],
        [1],
      ),
      [
        { id: 9, similarity: 0.8 },
        { id: 1, similarity: 0.5 },
        { id: 8, similarity: 0.3 },
      ],
      (ids) => new Set(ids.filter((id) => id < 8)),
    );
    expect(fused.strong).toEqual([1, 9]);
    expect(fused.weaker).toEqual([2]);
    expect(fused).toMatchObject({ strongTotal: 2, weakerTotal: 1, byMeaningAlone: 1 });
  });
});
