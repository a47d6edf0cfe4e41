import { describe, expect, it } from 'vitest';
import { silentLog } from '../log';
import { formatBytes } from '../../../shared/formatBytes';
import { DiskSpace, isDiskFullError } from './diskSpace';

describe('telling a full disk from a bad file', () => {
  it('knows the codes and messages of a full disk, also wrapped in a cause', () => {
    expect(isDiskFullError(Object.assign(new Error('write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFullError(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe(true);
    expect(
      isDiskFullError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })),
    ).toBe(true);
    expect(isDiskFullError(new Error('x.webp: write error\nsystem error: No space left on device'))).toBe(
      true,
    );
    expect(isDiskFullError(new Error('image could not be decoded', { cause: { code: 'ENOSPC' } }))).toBe(
      true,
    );
    expect(isDiskFullError(new Error('image data is truncated (premature end of JPEG image)'))).toBe(false);
    expect(isDiskFullError(Object.assign(new Error('denied'), { code: 'EACCES' }))).toBe(false);
    expect(isDiskFullError(null)).toBe(false);
  });

  it('does not take an unclear failure for a full disk while there is room', () => {
    const disk = new DiskSpace({ dir: process.cwd(), log: silentLog });
    try {
      expect(disk.noteWriteError(new Error('x.webp: write error'), { ambiguous: true })).toBe(false);
      expect(disk.full).toBe(false);
      expect(disk.noteWriteError(Object.assign(new Error('no room'), { code: 'ENOSPC' }))).toBe(true);
      expect(disk.message()).toMatch(
        /^The disk holding Shoebox's data is full: .+ free\. Free space; nothing was lost\.$/,
      );
    } finally {
      disk.stop();
    }
  });

  it('says sizes in words', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 2 ** 20)).toBe('300 MB');
  });
});
