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
    // "number" is everywhere but the beach: it keeps company with no one in particular.
    expect(of('kitchen')).not.toContain('number');
    expect(of('kitchen')).toContain('table');
    for (const pair of pairs) expect(pair.score).toBeGreaterThanOrEqual(0.25);
  });

  it('needs a pair to meet at least three times', () => {
    expect(countPairs(['red kite flying', 'red kite resting', 'blue sky', 'grey sky'])).toEqual([]);
  });
});
