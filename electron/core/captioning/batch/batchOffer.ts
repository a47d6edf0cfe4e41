import type { BatchOffer, ProviderId } from '../../../../shared/types';
import { BATCH_DISCOUNT, BATCH_MIN_PHOTOS, BATCH_TIMEOUT_HOURS } from './batchRunner';

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
