import { describe, expect, it } from 'vitest';
import type { BakeoffResult } from '../../../shared/types';
import { byPhoto, summarise } from './bakeoffSummary';

const answer = (photoId: number, model: string, rest: Partial<BakeoffResult> = {}): BakeoffResult => ({
  photoId,
  hash: `h${photoId}`,
  fileName: `IMG_${photoId}.jpg`,
  model,
  caption: 'A cat.',
  tags: ['cat'],
  latencyMs: 100,
  costUsd: 0.001,
  error: null,
  ...rest,
});

describe('bake-off summaries', () => {
  it('adds cost, averages latency of answers and counts failures per model', () => {
    const results = [
      answer(1, 'a', { latencyMs: 100 }),
      answer(2, 'a', { latencyMs: 300 }),
      answer(1, 'b', { caption: null, error: 'refused', costUsd: 0, latencyMs: 50 }),
    ];
    expect(summarise(['a', 'b'], results)).toEqual([
      { model: 'a', answered: 2, failed: 0, costUsd: 0.002, meanLatencyMs: 200 },
      { model: 'b', answered: 0, failed: 1, costUsd: 0, meanLatencyMs: null },
    ]);
  });

  it('lays answers out per photo in the run order', () => {
    const rows = byPhoto([2, 1, 3], [answer(1, 'a'), answer(2, 'b')]);
    expect(rows.map((r) => [r.photoId, r.fileName, [...r.answers.keys()]])).toEqual([
      [2, 'IMG_2.jpg', ['b']],
      [1, 'IMG_1.jpg', ['a']],
      [3, null, []],
    ]);
  });
});
