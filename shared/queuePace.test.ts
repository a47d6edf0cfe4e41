import { describe, expect, it } from 'vitest';
import { timeLeftWords } from './queuePace';

describe('time left in the caption queue', () => {
  it('says hours and minutes at the pace shown', () => {
    expect(timeLeftWords(9880, 52)).toBe('about 3 h 10 min at 52 a minute');
    expect(timeLeftWords(52 * 45, 52)).toBe('about 45 min at 52 a minute');
    expect(timeLeftWords(10, 4.25)).toBe('about 3 min at 4.3 a minute');
    expect(timeLeftWords(50, 52)).toBe('about 1 min at 52 a minute');
    expect(timeLeftWords(100_000, 10)).toBe('about 166 h at 10 a minute');
  });

  it('says nothing without a pace or without work', () => {
    expect(timeLeftWords(100, null)).toBeNull();
    expect(timeLeftWords(0, 52)).toBeNull();
  });
});
