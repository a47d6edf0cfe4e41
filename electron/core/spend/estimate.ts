import type { Database } from 'better-sqlite3';
import {
  DEFAULT_PROMPT_TOKENS,
  estimateCaptionCost,
  worstCaseCaptionCost,
  type CostEstimate,
} from '../../../shared/costModel';
import type { Price } from '../../../shared/providers';
import type { ProviderId } from '../../../shared/types';
import { usageMoments, type UsageMoments } from '../stores/ledgerStore';
import type { SizeCount } from '../stores/photosStore';
import { sizesAwaitingApproval } from '../stores/captionJobsStore';

export interface TokenHabits {
  /** Text and template tokens around the image, as the provider counted them on recent calls. */
  promptTokens?: number;
  outputTokens?: number;
  /** Image tokens the provider reports per token of Pixtral's formula, for a model that counts its own way. */
  imageTokenScale?: number;
}

/** Calls looked at: recent enough to follow a provider's change, enough to average out odd replies. */
const RECENT_CALLS = 200;
/** A fitted slope this close to 1 is Pixtral's formula, give or take the text around the image. */
const PIXTRAL_LIKE = 0.1;

function moments(db: Database, provider: ProviderId, model: string | null): UsageMoments {
  return usageMoments(db, provider, model, RECENT_CALLS);
}

/**
 * What recent successful calls used, from the provider's own token counts. Reported prompt tokens are fitted
 * against Pixtral's image-token count of each upload (input = scale × image + text): for Pixtral the scale
 * is 1 and only the text around the image is learned; a model that counts images its own way (Ministral,
 * a local model) gets its own scale. Per model when it has calls, else per provider. Makes estimates
 * converge on the bill after the first few photos.
 */
export function learnedTokenHabits(
  db: Database,
  provider: ProviderId,
  model: string | null = null,
): TokenHabits {
  let m = model === null ? null : moments(db, provider, model);
  if (m === null || m.n === 0) m = moments(db, provider, null);
  if (m.n === 0 || m.x === null || m.y === null || m.residual === null || m.output === null) return {};
  const outputTokens = Math.round(m.output);
  const variance = (m.xx ?? 0) - m.x * m.x;
  if (m.n >= 3 && variance > (0.02 * m.x) ** 2) {
    const slope = ((m.xy ?? 0) - m.x * m.y) / variance;
    const intercept = m.y - slope * m.x;
    if (Math.abs(slope - 1) > PIXTRAL_LIKE && slope > 0 && intercept >= 0) {
      return { promptTokens: Math.round(intercept), outputTokens, imageTokenScale: slope };
    }
    if (Math.abs(slope - 1) <= PIXTRAL_LIKE)
      return { promptTokens: Math.max(0, Math.round(m.residual)), outputTokens };
  }
  // One upload size only: the split between image and text cannot be fitted. Pixtral's count with the
  // text learned is exact at that size; a model that reports fewer tokens than the formula is scaled.
  if (m.residual >= 0) return { promptTokens: Math.round(m.residual), outputTokens };
  return {
    promptTokens: DEFAULT_PROMPT_TOKENS,
    outputTokens,
    imageTokenScale: Math.max(0.01, (m.y - DEFAULT_PROMPT_TOKENS) / m.x),
  };
}

export interface PhotoCostContext {
  price: Price;
  uploadMaxPx: number;
  habits: TokenHabits;
}

export function estimatePhoto(
  ctx: PhotoCostContext,
  width: number | null,
  height: number | null,
): CostEstimate {
  return estimateCaptionCost({
    price: ctx.price,
    width,
    height,
    uploadMaxPx: ctx.uploadMaxPx,
    ...ctx.habits,
  });
}

export function reservationFor(ctx: PhotoCostContext, width: number | null, height: number | null): number {
  return worstCaseCaptionCost({
    price: ctx.price,
    width,
    height,
    uploadMaxPx: ctx.uploadMaxPx,
    ...ctx.habits,
  });
}

export type { SizeCount };

/** What captioning photos of these sizes would cost. */
export function costOfSizes(ctx: PhotoCostContext, sizes: SizeCount[]): { photos: number; costUsd: number } {
  let photos = 0;
  let costUsd = 0;
  for (const size of sizes) {
    photos += size.n;
    costUsd += size.n * estimatePhoto(ctx, size.width, size.height).cost;
  }
  return { photos, costUsd };
}

/** Photos waiting for approval (in one folder, or all) and what captioning them would cost. */
export function estimateAwaitingApproval(
  db: Database,
  ctx: PhotoCostContext,
  folderId?: number,
): { photos: number; costUsd: number } {
  const sizes = sizesAwaitingApproval(db, folderId ?? null);
  return costOfSizes(ctx, sizes);
}
