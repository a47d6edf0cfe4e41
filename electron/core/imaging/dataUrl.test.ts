import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataUrlPayload, dataUrlText, jpegDataUrl } from './dataUrl';

describe('a data URL held as bytes', () => {
  it('is the JPEG’s data URL, byte for byte, at every length the base64 padding can take', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 100_001, 450_000]) {
      const jpeg = randomBytes(length);
      const bytes = jpegDataUrl(jpeg);
      expect(dataUrlText(bytes)).toBe(`data:image/jpeg;base64,${jpeg.toString('base64')}`);
      expect(bytes.length).toBe(dataUrlText(bytes).length);
      expect(dataUrlPayload(bytes).equals(jpeg)).toBe(true);
    }
  });

  it('reads only the JPEG’s own bytes when it is a view into a larger buffer', () => {
    const whole = randomBytes(64);
    const jpeg = whole.subarray(7, 40);
    expect(dataUrlPayload(jpegDataUrl(jpeg)).equals(Buffer.from(jpeg))).toBe(true);
  });
});
