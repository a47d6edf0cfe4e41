// What one photo costs to caption at a given upload size, for the settings page: the shared cost model
// (the one the queue's estimates and budget use) applied to a typical 4:3 camera photo, at the prices the
// Spend page shows (the dated table with the user's overrides), which the caller fetches.
import { estimateCaptionCost } from '../../../shared/costModel';
import { fitWithin } from '../../../shared/imageTokens';
import type { Price } from '../../../shared/providers';

/** A typical camera photo (4:3 landscape) that the estimate is made for. */
export const SAMPLE_PHOTO = { width: 4032, height: 3024 } as const;

export interface PhotoCost {
  /** The size the sample photo is uploaded at. */
  width: number;
  height: number;
  imageTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** USD per photo; null while the prices are not known yet. */
  usd: number | null;
}

/** The token counts need no price; without one (still loading) there is no amount. */
export function estimatePhotoCost(uploadMaxPx: number, price: Price | undefined): PhotoCost {
  const { width, height } = fitWithin(SAMPLE_PHOTO.width, SAMPLE_PHOTO.height, uploadMaxPx);
  const free = { inputPerMTok: 0, outputPerMTok: 0, perImage: 0 };
  const estimate = estimateCaptionCost({ price: price ?? free, ...SAMPLE_PHOTO, uploadMaxPx });
  return { width, height, ...estimate, usd: price ? estimate.cost : null };
}

/** Small amounts in dollars with enough digits to tell 512 px from 1024 px apart. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  // Two significant digits below a cent, never in exponent form ($0.00000010, not $1.0e-7).
  if (usd < 0.01) return `$${usd.toFixed(Math.min(20, Math.max(2, 1 - Math.floor(Math.log10(usd)))))}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
