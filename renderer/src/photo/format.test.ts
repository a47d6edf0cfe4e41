import { describe, expect, it } from 'vitest';
import { formatBytes, formatCoordinate, formatTaken } from './format';

describe('format', () => {
  it('shows the taken time as written, without time-zone conversion', () => {
    expect(formatTaken('2019-07-14T18:03:22')).toBe('2019-07-14 18:03');
    expect(formatTaken('2019-07-14')).toBe('2019-07-14');
    expect(formatTaken(null)).toBe('Unknown');
    expect(formatTaken('garbage')).toBe('garbage');
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3.5 * 1024 * 1024)).toBe('3.5 MB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
  });

  it('formats coordinates with hemispheres', () => {
    expect(formatCoordinate(48.5, 'N', 'S')).toBe('48.50000° N');
    expect(formatCoordinate(-1.25, 'E', 'W')).toBe('1.25000° W');
  });
});
