import type { BatchOffer, ProviderId } from '../../../../shared/types';

/** Mistral's batch API bills about half the chat price (pixtral-api.md). */
export const BATCH_DISCOUNT = 0.5;
/** A Mistral batch job created without `timeout_hours` runs at most this long, then expires with what it did. */
export const BATCH_TIMEOUT_HOURS = 24;
/** Below this many photos waiting, the batch is not worth a day's wait. */
export const BATCH_MIN_PHOTOS = 100;

/**
 * The estimate's second way: where the provider has a batch route (Mistral's, at about half the price) and
 * the backlog is large enough to be worth a wait of up to a day, what it would cost and save.
 */
export function batchOffer(
  provider: ProviderId,
  model: string,
  photos: number,
  costUsd: number,
): BatchOffer | null {
  if (provider !== 'mistral' || photos < BATCH_MIN_PHOTOS || costUsd <= 0) return null;
  const batchCost = costUsd * BATCH_DISCOUNT;
  return {
    costUsd: batchCost,
    savingUsd: costUsd - batchCost,
    model,
    resultsWithin: `${BATCH_TIMEOUT_HOURS} h`,
  };
}
