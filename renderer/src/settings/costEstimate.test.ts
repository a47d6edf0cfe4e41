import { describe, expect, it } from 'vitest';
import { CAPTION_OUTPUT_TOKENS, PROMPT_TEXT_TOKENS, estimatePhotoCost, formatUsd } from './costEstimate';

describe('estimatePhotoCost', () => {
  it('uploads a 4:3 photo at 1024×768, which Pixtral reads as 48 rows of 64+1 tokens', () => {
    const estimate = estimatePhotoCost('mistral', 1024);
    expect(estimate).toMatchObject({ width: 1024, height: 768, imageTokens: 48 * 65 });
    const expected = ((48 * 65 + PROMPT_TEXT_TOKENS) * 0.15 + CAPTION_OUTPUT_TOKENS * 0.15) / 1e6;
    expect(estimate.usd).toBeCloseTo(expected, 12);
  });

  it('costs no more image tokens above 1024 px, because Pixtral scales down anyway', () => {
    const big = estimatePhotoCost('mistral', 2048);
    expect(big).toMatchObject({ width: 2048, height: 1536, imageTokens: 48 * 65 });
  });

  it('makes 512 px roughly a quarter of the image tokens of 1024 px', () => {
    expect(estimatePhotoCost('vercel', 512).imageTokens).toBe(24 * 33);
  });

  it('adds the per-image fee OpenRouter charges', () => {
    const estimate = estimatePhotoCost('openrouter', 1024);
    const tokens = ((48 * 65 + PROMPT_TEXT_TOKENS) * 0.1 + CAPTION_OUTPUT_TOKENS * 0.1) / 1e6;
    expect(estimate.usd).toBeCloseTo(tokens + 0.000145, 12);
  });

  it('is free on a custom (local) server', () => {
    expect(estimatePhotoCost('custom', 1024).usd).toBe(0);
  });
});

describe('formatUsd', () => {
  it('keeps two significant digits for fractions of a cent', () => {
    expect(formatUsd(0.000521)).toBe('$0.00052');
    expect(formatUsd(0.25)).toBe('$0.25');
    expect(formatUsd(0)).toBe('$0');
  });
});
