import { describe, expect, it } from 'vitest';
import { PRICES, PRICES_AS_OF } from '../../../shared/providers';
import type { SpendReport, SpendSettings } from '../../../shared/types';
import { draftFrom, keepEdits, updateFrom, type FieldName } from './spendForm';

function report(settings: Partial<SpendSettings> = {}): SpendReport {
  const stored: SpendSettings = {
    dailyUsd: null,
    monthlyUsd: 20,
    totalUsd: null,
    autoAllowancePerDayUsd: 0.5,
    priceOverrides: {},
    ...settings,
  };
  return {
    today: 0,
    month: 0,
    total: 0,
    averagePerPhoto: null,
    estimateError: null,
    byProviderModel: [],
    daily: [],
    balance: null,
    settings: stored,
    pricesAsOf: PRICES_AS_OF,
    prices: { ...PRICES, ...stored.priceOverrides },
  };
}

describe('the spend form', () => {
  it('shows the stored limits, and the price per image per 1,000 images', () => {
    const draft = draftFrom(
      report({ priceOverrides: { vercel: { inputPerMTok: 1, outputPerMTok: 2, perImage: 0.003 } } }),
    );
    expect(draft.caps).toEqual({ daily: '', monthly: '20', total: '', allowance: '0.5' });
    expect(draft.prices.vercel).toEqual({ inputPerMTok: '1', outputPerMTok: '2', perImage: '3' });
  });

  it('takes the stored settings except in the fields the user changed', () => {
    const typed = draftFrom(report());
    typed.caps.daily = '3';
    typed.caps.total = '9';
    typed.prices.openrouter.inputPerMTok = '40';
    const stored = draftFrom(report({ monthlyUsd: 25 }));
    const edited = new Set<FieldName>(['daily', 'openrouter.inputPerMTok']);

    const merged = keepEdits(stored, typed, edited);
    expect(merged.caps).toEqual({ daily: '3', monthly: '25', total: '', allowance: '0.5' });
    expect(merged.prices.openrouter.inputPerMTok).toBe('40');
    expect(merged.prices.openrouter.outputPerMTok).toBe(String(PRICES.openrouter.outputPerMTok));
    expect(keepEdits(stored, typed, new Set())).toBe(stored);
    expect(keepEdits(stored, null, edited)).toBe(stored);
  });

  it('turns the form into the update, per image back in dollars', () => {
    const draft = draftFrom(report());
    draft.caps.daily = '$1.50';
    draft.caps.allowance = '';
    draft.prices.openrouter = { inputPerMTok: '40', outputPerMTok: '60', perImage: '2' };
    const checked = updateFrom(draft);
    expect(checked).toMatchObject({
      update: {
        dailyUsd: 1.5,
        monthlyUsd: 20,
        totalUsd: null,
        autoAllowancePerDayUsd: 0,
        priceOverrides: { openrouter: { inputPerMTok: 40, outputPerMTok: 60, perImage: 0.002 } },
      },
    });
  });

  it('says why a limit or a price cannot be saved', () => {
    const badLimit = draftFrom(report());
    badLimit.caps.monthly = 'lots';
    expect(updateFrom(badLimit)).toEqual({ error: expect.stringMatching(/^Limits are amounts in dollars/) });
    const badPrice = draftFrom(report());
    badPrice.prices.mistral.perImage = '-1';
    expect(updateFrom(badPrice)).toEqual({ error: 'Prices for Mistral must be numbers of zero or more.' });
  });
});
