// What one photo costs to caption at a given upload size, for the settings page: the shared cost model
// (the one the queue's estimates and budget use) applied to a typical 4:3 camera photo.
import { estimateCaptionCost } from '../../../shared/costModel';
import { fitWithin } from '../../../shared/imageTokens';
import { PRICES } from '../../../shared/providers';
import type { ProviderId } from '../../../shared/types';

/** A typical camera photo (4:3 landscape) that the estimate is made for. */
export const SAMPLE_PHOTO = { width: 4032, height: 3024 } as const;

export interface PhotoCost {
  /** The size the sample photo is uploaded at. */
  width: number;
  height: number;
  imageTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** USD per photo. */
  usd: number;
}

export function estimatePhotoCost(provider: ProviderId, uploadMaxPx: number): PhotoCost {
  const { width, height } = fitWithin(SAMPLE_PHOTO.width, SAMPLE_PHOTO.height, uploadMaxPx);
  const estimate = estimateCaptionCost({ price: PRICES[provider], ...SAMPLE_PHOTO, uploadMaxPx });
  return { width, height, ...estimate, usd: estimate.cost };
}

/** Small amounts in dollars with enough digits to tell 512 px from 1024 px apart. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  // Two significant digits below a cent, never in exponent form ($0.00000010, not $1.0e-7).
  if (usd < 0.01) return `$${usd.toFixed(Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(usd)))))}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
