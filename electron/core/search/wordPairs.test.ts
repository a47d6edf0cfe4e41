import { describe, expect, it } from 'vitest';
import { countPairs } from './wordPairs';

describe('words the catalogue keeps together', () => {
  it('pairs words that meet far more often than chance, plurals as their singular', () => {
    const texts = [
      ...Array.from({ length: 5 }, () => 'Waves on the sand of a beach'),
      ...Array.from({ length: 3 }, () => 'beaches and sand'),
      ...Array.from({ length: 12 }, (_, i) => `A kitchen table number ${i}`),
      ...Array.from({ length: 12 }, (_, i) => `A city street number ${i}`),
    ];
    const pairs = countPairs(texts);
    const of = (word: string) => pairs.filter((p) => p.word === word).map((p) => p.other);
    expect(of('beach')).toContain('sand');
    expect(of('sand')).toContain('beach');
    expect(of('beaches')).toEqual([]);
    // "table" only ever meets "kitchen"; "number" is also in every street: a weaker pair.
    const score = (word: string, other: string) =>
      pairs.find((p) => p.word === word && p.other === other)?.score ?? 0;
    expect(score('kitchen', 'table')).toBeGreaterThan(score('kitchen', 'number'));
    for (const pair of pairs) expect(pair.score).toBeGreaterThanOrEqual(0.25);
  });

  it('needs a pair to meet at least three times', () => {
    expect(countPairs(['red kite flying', 'red kite resting', 'blue sky', 'grey sky'])).toEqual([]);
  });
});
