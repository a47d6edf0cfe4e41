import { describe, expect, it } from 'vitest';
import { estimateCaptionCost } from '../../../shared/costModel';
import { PRICES } from '../../../shared/providers';
import { openDatabase } from '../db/openDatabase';
import { reserveCall, settleCall } from './ledger';
import { learnedTokenHabits } from './estimate';

/** A ledger with captioned calls of the given (Pixtral-formula image tokens, reported prompt tokens). */
function ledgerWith(model: string, calls: Array<[imageTokens: number, inputTokens: number]>) {
  const db = openDatabase(':memory:');
  for (const [imageTokens, inputTokens] of calls) {
    const id = reserveCall(db, {
      at: new Date(2026, 10, 23, 12),
      provider: 'mistral',
      model,
      photoId: 1,
      photoHash: 'ab',
      attempt: 1,
      estimatedCost: 0.001,
      reservedCost: 0.002,
      auto: false,
    });
    settleCall(db, id, {
      httpStatus: 200,
      latencyMs: 100,
      outcome: 'captioned',
      error: null,
      billed: true,
      inputTokens,
      outputTokens: 70,
      imageTokens,
      reportedCost: null,
      cost: 0.0005,
      generationId: null,
    });
  }
  return db;
}

describe('learnedTokenHabits', () => {
  it('learns only the text around the image for a model that follows Pixtral’s formula', () => {
    const db = ledgerWith('pixtral-12b-2409', [
      [3120, 3120 + 190],
      [2795, 2795 + 190],
      [3136, 3136 + 190],
    ]);
    expect(learnedTokenHabits(db, 'mistral', 'pixtral-12b-2409')).toEqual({
      promptTokens: 190,
      outputTokens: 70,
    });
  });

  it('fits its own image-token scale for a model that counts images differently, per model', () => {
    // Reported = 0.35 × Pixtral's count + 200 text tokens.
    const calls: Array<[number, number]> = [3120, 2795, 3136, 1056].map((x) => [
      x,
      Math.round(0.35 * x) + 200,
    ]);
    const db = ledgerWith('ministral-14b-2512', calls);
    const habits = learnedTokenHabits(db, 'mistral', 'ministral-14b-2512');
    expect(habits.imageTokenScale).toBeCloseTo(0.35, 3);
    expect(habits.promptTokens).toBeGreaterThanOrEqual(199);
    expect(habits.promptTokens).toBeLessThanOrEqual(201);
    const estimate = estimateCaptionCost({
      price: PRICES.mistral,
      width: 4032,
      height: 3024,
      uploadMaxPx: 1024,
      ...habits,
    });
    expect(estimate.inputTokens).toBeCloseTo(0.35 * 3120 + 200, -1);
    // A model with no calls yet borrows the provider's habits.
    expect(learnedTokenHabits(db, 'mistral', 'mistral-small-2506').imageTokenScale).toBeCloseTo(0.35, 3);
  });

  it('scales a model that reports fewer tokens than the formula at a single upload size', () => {
    const db = ledgerWith('ministral-14b-2512', [
      [3120, 1300],
      [3120, 1300],
    ]);
    const habits = learnedTokenHabits(db, 'mistral', 'ministral-14b-2512');
    const estimate = estimateCaptionCost({
      price: PRICES.mistral,
      width: 4032,
      height: 3024,
      uploadMaxPx: 1024,
      ...habits,
    });
    expect(estimate.inputTokens).toBeCloseTo(1300, -1);
  });
});
