import { describe, expect, it } from 'vitest';
import { dailyBars, estimateQuestion, parseLimit } from './spendFormat';

describe('spend formatting', () => {
  it('asks before spending, in plain words', () => {
    const base = { photos: 4812, costUsd: 2.314, perPhotoUsd: 0.00048, model: 'm' };
    expect(estimateQuestion({ ...base, provider: 'openrouter', providerLabel: 'OpenRouter' })).toBe(
      'Caption 4,812 photos for about $2.31 on OpenRouter?',
    );
    expect(
      estimateQuestion({
        ...base,
        photos: 1,
        costUsd: 0.0004,
        provider: 'mistral',
        providerLabel: 'Mistral',
      }),
    ).toBe('Caption 1 photo for about $0.00040 on Mistral?');
    expect(estimateQuestion({ ...base, provider: null, providerLabel: null })).toMatch(
      /wait for a caption provider/,
    );
  });

  it('scales the daily chart to its tallest day', () => {
    const bars = dailyBars(
      [
        { day: 'a', cost: 0 },
        { day: 'b', cost: 0.5 },
        { day: 'c', cost: 1 },
      ],
      300,
      100,
    );
    expect(bars.map((b) => b.height)).toEqual([0, 50, 100]);
    expect(bars[2]!.y).toBe(0);
    expect(bars[1]!.x).toBe(101);
  });

  it('reads limits: empty is none, junk is refused', () => {
    expect(parseLimit('')).toBeNull();
    expect(parseLimit('$5')).toBe(5);
    expect(parseLimit('-1')).toBe('invalid');
    expect(parseLimit('abc')).toBe('invalid');
  });
});
