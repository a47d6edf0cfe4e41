import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_TOKENS, DEFAULT_PROMPT_TOKENS } from '../../../shared/costModel';
import { PRICES } from '../../../shared/providers';
import { estimatePhotoCost, formatUsd } from './costEstimate';

describe('estimatePhotoCost', () => {
  it('uploads a 4:3 photo at 1024×768, which Pixtral reads as 48 rows of 64+1 tokens', () => {
    const estimate = estimatePhotoCost(1024, PRICES.mistral);
    expect(estimate).toMatchObject({ width: 1024, height: 768, imageTokens: 48 * 65 });
    // Mistral's preset model (Ministral 3 14B) costs $0.20 per million tokens each way.
    const expected = ((48 * 65 + DEFAULT_PROMPT_TOKENS) * 0.2 + DEFAULT_OUTPUT_TOKENS * 0.2) / 1e6;
    expect(estimate.usd).toBeCloseTo(expected, 12);
  });

  it('costs no more image tokens above 1024 px, because Pixtral scales down anyway', () => {
    expect(estimatePhotoCost(2048, PRICES.mistral)).toMatchObject({
      width: 2048,
      height: 1536,
      imageTokens: 48 * 65,
    });
  });

  it('makes 512 px about a quarter of the image tokens of 1024 px', () => {
    expect(estimatePhotoCost(512, PRICES.vercel).imageTokens).toBe(24 * 33);
  });

  it('adds the per-image fee OpenRouter charges, and is free on a local server', () => {
    const estimate = estimatePhotoCost(1024, PRICES.openrouter);
    const tokens = ((48 * 65 + DEFAULT_PROMPT_TOKENS) * 0.1 + DEFAULT_OUTPUT_TOKENS * 0.1) / 1e6;
    expect(estimate.usd).toBeCloseTo(tokens + 0.000145, 12);
    expect(estimatePhotoCost(1024, PRICES.custom).usd).toBe(0);
  });

  it('prices at what it is given, such as the Spend page’s overrides', () => {
    const own = { inputPerMTok: 1, outputPerMTok: 2, perImage: 0.01 };
    const expected = ((48 * 65 + DEFAULT_PROMPT_TOKENS) * 1 + DEFAULT_OUTPUT_TOKENS * 2) / 1e6 + 0.01;
    expect(estimatePhotoCost(1024, own).usd).toBeCloseTo(expected, 12);
  });

  it('counts tokens but names no amount while the prices are unknown', () => {
    expect(estimatePhotoCost(1024, undefined)).toMatchObject({ imageTokens: 48 * 65, usd: null });
  });

  it('formats small amounts with enough digits', () => {
    expect(formatUsd(0.00048)).toBe('$0.00048');
    expect(formatUsd(2.314)).toBe('$2.31');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(1e-7)).toBe('$0.00000010');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
  });
});
