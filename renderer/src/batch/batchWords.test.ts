import { describe, expect, it } from 'vitest';
import type { BatchInfo } from '../../../shared/types';
import { billWords, canCancel, cancelQuestion, photoWords, stateWords, timeWords } from './batchWords';

const running: BatchInfo = {
  id: 3,
  provider: 'mistral',
  model: 'ministral-14b-2512',
  state: 'running',
  photos: 120,
  captioned: 0,
  failed: 0,
  returned: 0,
  reservedUsd: 0.0123,
  billedUsd: null,
  error: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  finishedAt: null,
  expectedBy: '2026-12-02T10:00:00.000Z',
};

describe('a caption batch in words', () => {
  it('says a running batch holds its worst case, when its results are due, and that it can be cancelled', () => {
    expect(stateWords(running)).toBe('running');
    expect(photoWords(running)).toBe('120 photos');
    expect(billWords(running)).toBe('up to $0.01 held against your caps');
    expect(timeWords(running, 'en-GB')).toMatch(/^results by Wed[, ]+2 Dec/);
    expect(canCancel(running)).toBe(true);
    expect(cancelQuestion(running)).toMatch(/^Stop batch 3 of 120 photos with ministral-14b-2512\?/);
  });

  it('says what a cancelled batch did and was billed', () => {
    const cancelled: BatchInfo = {
      ...running,
      state: 'cancelled',
      captioned: 45,
      failed: 2,
      returned: 73,
      billedUsd: 0.0042,
      finishedAt: '2026-12-01T11:02:00.000Z',
      expectedBy: null,
    };
    expect(stateWords(cancelled)).toBe('cancelled');
    expect(photoWords(cancelled)).toBe('120 photos · 45 captioned · 2 failed · 73 back in the queue');
    expect(billWords(cancelled)).toBe('billed $0.0042');
    expect(timeWords(cancelled, 'en-GB')).toMatch(/^ended Tue[, ]+1 Dec/);
    expect(canCancel(cancelled)).toBe(false);
  });
});
