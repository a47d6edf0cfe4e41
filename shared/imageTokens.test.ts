import { describe, expect, it } from 'vitest';
import { fitWithin, pixtralImageTokens } from './imageTokens';

describe('pixtralImageTokens', () => {
  it.each([
    [1024, 768, 3120],
    [512, 512, 1056],
    [1024, 1024, 4160],
    [4032, 3024, 3120],
    [1080, 1920, 2368],
  ])('%i×%i costs %i tokens', (w, h, tokens) => {
    expect(pixtralImageTokens(w, h)).toBe(tokens);
  });
});

describe('fitWithin', () => {
  it('caps the long side and keeps the aspect ratio', () => {
    expect(fitWithin(4032, 3024, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin(300, 200, 1024)).toEqual({ width: 300, height: 200 });
  });
});
