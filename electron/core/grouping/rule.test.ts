import { describe, expect, it } from 'vitest';
import { hammingDistance } from './hamming';
import { sameScene, takenWindow, type SceneFacts } from './rule';

const shot: SceneFacts = {
  dhash: 'df7cf908900490d8',
  pixelHash: 'a',
  cameraMake: 'Canon',
  cameraModel: 'EOS 5D',
  takenAt: '2024-06-01T12:00:00',
};

describe('the grouping rule', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('df7cf908900490d8', 'df7cf808924490d8')).toBe(3);
    // Beside a bit-by-bit count over many pairs, both halves of the hash included.
    const bitByBit = (a: string, b: string) =>
      [...(BigInt(`0x${a}`) ^ BigInt(`0x${b}`)).toString(2)].filter((bit) => bit === '1').length;
    const hex = (seed: number) =>
      Array.from({ length: 16 }, (_, i) => ((seed * 2654435761 + i * 40503) >>> (i % 13)) & 15)
        .map((d) => d.toString(16))
        .join('');
    for (let i = 0; i < 200; i++) {
      const [a, b] = [hex(i), hex(i * 7 + 3)];
      expect(hammingDistance(a, b)).toBe(bitByBit(a, b));
    }
  });

  it('groups one camera, seconds apart, alike; identical pixels whenever taken', () => {
    expect(
      sameScene(shot, { ...shot, pixelHash: 'b', dhash: 'df7cf808924490d8', takenAt: '2024-06-01T12:00:04' }),
    ).toBe('burst');
    expect(sameScene(shot, { ...shot, cameraMake: null, cameraModel: null, takenAt: null })).toBe(
      'identical',
    );
  });

  it('never groups without time, across cameras, past the window or past the distance', () => {
    const other = { ...shot, pixelHash: 'b' };
    expect(sameScene(shot, { ...other, takenAt: null })).toBeNull();
    expect(sameScene({ ...shot, takenAt: null }, other)).toBeNull();
    expect(sameScene(shot, { ...other, cameraModel: 'EOS R5' })).toBeNull();
    expect(sameScene(shot, { ...other, takenAt: '2024-06-01T12:00:11' })).toBeNull();
    expect(sameScene(shot, { ...other, dhash: 'df7cf908900490d8'.replace('df7c', '2083') })).toBeNull();
    expect(
      sameScene(
        { ...shot, cameraMake: null, cameraModel: null },
        { ...other, cameraMake: null, cameraModel: null },
      ),
    ).toBeNull();
  });

  it('spells the window as the catalogue spells times', () => {
    expect(takenWindow('2024-12-31T23:59:55', { windowSeconds: 10, maxDistance: 10 })).toEqual({
      from: '2024-12-31T23:59:45',
      to: '2025-01-01T00:00:05',
    });
  });
});
