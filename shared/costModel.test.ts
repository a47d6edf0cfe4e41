import { describe, expect, it } from 'vitest';
import { estimateCaptionCost, tokenCost, worstCaseCaptionCost } from './costModel';
import { PRICES } from './providers';

describe('caption cost model', () => {
  it('counts the image at the size Shoebox uploads, not the original', () => {
    const phone = { price: PRICES.mistral, width: 4032, height: 3024, promptTokens: 0, outputTokens: 0 };
    expect(estimateCaptionCost({ ...phone, uploadMaxPx: 1024 }).imageTokens).toBe(3120);
    expect(estimateCaptionCost({ ...phone, uploadMaxPx: 512 }).imageTokens).toBe(24 * 33);
    expect(estimateCaptionCost({ ...phone, width: 512, height: 512, uploadMaxPx: 1024 }).imageTokens).toBe(
      1056,
    );
    // Uploading bigger than Pixtral's own 1024 px buys nothing.
    expect(estimateCaptionCost({ ...phone, uploadMaxPx: 2048 }).imageTokens).toBe(3120);
  });

  it('adds OpenRouter per-image fee on top of tokens', () => {
    const tokensOnly = tokenCost({ ...PRICES.openrouter, perImage: 0 }, 3260, 90);
    const estimate = estimateCaptionCost({
      price: PRICES.openrouter,
      width: 1024,
      height: 768,
      uploadMaxPx: 1024,
      promptTokens: 140,
      outputTokens: 90,
    });
    expect(estimate.cost).toBeCloseTo(tokensOnly + 0.000145, 12);
  });

  it('reserves at least what the longest possible reply would cost', () => {
    const inputs = { price: PRICES.vercel, width: 3000, height: 2000, uploadMaxPx: 1024 };
    expect(worstCaseCaptionCost(inputs)).toBeGreaterThan(estimateCaptionCost(inputs).cost);
    expect(worstCaseCaptionCost({ ...inputs, price: PRICES.custom })).toBe(0);
  });
});
