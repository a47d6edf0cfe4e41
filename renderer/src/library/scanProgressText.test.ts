import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../shared/types';
import { describeScan, formatTimeLeft } from './scanProgressText';

const scan = (over: Partial<ScanProgress>): ScanProgress => ({
  folderId: 1,
  phase: 'scanning',
  filesSeen: 0,
  filesIngested: 0,
  filesUnreadable: 0,
  ...over,
});

describe('scan progress in words', () => {
  it('says how far, how fast and how long a first scan still takes', () => {
    expect(
      describeScan(
        scan({
          filesIngested: 12_000,
          filesUnreadable: 3,
          filesExpected: 200_000,
          filesPerSecond: 140.4,
          secondsLeft: 1342,
        }),
      ),
    ).toBe('Scanning… 12,003 of 200,000 files · 3 unreadable · 140 files/s · about 22 min left');
  });

  it('calls a catch-up checking for changes, and leaves out what it does not know yet', () => {
    expect(
      describeScan(scan({ checking: true, filesIngested: 0, filesExpected: 50_000, secondsLeft: null })),
    ).toBe('Checking for changes… 0 of 50,000 files');
    expect(describeScan(scan({ filesIngested: 10 }))).toBe('Scanning… 10 files');
  });

  it('rounds the time left to what a person reads', () => {
    expect(formatTimeLeft(0.2)).toBe('about 1 s');
    expect(formatTimeLeft(59)).toBe('about 59 s');
    expect(formatTimeLeft(3600 * 3 + 600)).toBe('about 3 h 10 min');
    expect(formatTimeLeft(7200)).toBe('about 2 h');
  });
});
