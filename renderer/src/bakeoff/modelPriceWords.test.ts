import { describe, expect, it } from 'vitest';
import { priceWords } from './modelPriceWords';

describe('a bake-off model price in words', () => {
  it('names the price and where it comes from', () => {
    expect(
      priceWords({
        model: 'mistralai/pixtral-12b',
        costUsd: 0.01,
        price: { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage: 0.000145 },
        priceSource: 'provider',
      }),
    ).toBe("$0.1 in / $0.1 out per 1M tokens + $0.000145 an image (provider's list price)");
    expect(
      priceWords({
        model: 'ministral-14b-2512',
        costUsd: 0.01,
        price: { inputPerMTok: 0.25, outputPerMTok: 0.3, perImage: 0 },
        priceSource: 'override',
      }),
    ).toBe('$0.25 in / $0.3 out per 1M tokens (your price)');
  });

  it('says nothing about a price an older core did not send', () => {
    expect(priceWords({ model: 'm', costUsd: 0 })).toBeNull();
  });
});
