import { describe, expect, it } from 'vitest';
import { combSum } from './scoreFusion';

describe('merging rankings by their normalised scores', () => {
  it("maps each ranking's scores onto 0..1 and sums them, so scales of any size weigh the same", () => {
    // bm25 in the tens, cosines below 1: photo 2 is second in both and beats 1 and 3, each best in one only.
    const words = new Map([
      [1, 30],
      [2, 25],
      [3, 10],
    ]);
    const meaning = new Map([
      [3, 0.9],
      [2, 0.85],
      [1, 0.5],
    ]);
    expect(combSum([1, 2, 3], [words, meaning])).toEqual([2, 3, 1]);
  });

  it("gives a photo a ranking did not return that ranking's worst score", () => {
    const words = new Map([
      [1, 8],
      [2, 4],
    ]);
    const meaning = new Map([
      [3, 0.7],
      [1, 0.6],
      [2, 0.4],
    ]);
    // 3 has no word: 0 + 1; 1: 1 + 0.67; 2: 0 + 0.
    expect(combSum([1, 2, 3], [words, meaning])).toEqual([1, 3, 2]);
  });

  it('counts a ranking whose scores are all equal as best for each photo in it, and breaks ties newest first', () => {
    expect(combSum([5, 6, 7], [new Map([[5, 3]]), new Map([[6, 0.5]])])).toEqual([6, 5, 7]);
    expect(combSum([], [new Map(), new Map()])).toEqual([]);
  });
});
