import type { Database } from 'better-sqlite3';
import { estimateCaptionCost, worstCaseCaptionCost, type CostEstimate } from '../../../shared/costModel';
import type { Price } from '../../../shared/providers';
import type { ProviderId } from '../../../shared/types';

export interface TokenHabits {
  /** Text and template tokens around the image, as the provider counted them on recent calls. */
  promptTokens?: number;
  outputTokens?: number;
}

/**
 * What recent successful calls to this provider used besides the image: the provider's own prompt-token
 * count minus the image tokens we computed, and the length of its replies. Makes estimates converge on
 * the bill after the first few photos.
 */
export function learnedTokenHabits(db: Database, provider: ProviderId): TokenHabits {
  const row = db
    .prepare(
      `SELECT avg(input_tokens - image_tokens) AS prompt, avg(output_tokens) AS output, count(*) AS n FROM (
         SELECT input_tokens, image_tokens, output_tokens FROM ledger
         WHERE provider = ? AND outcome = 'captioned' AND input_tokens IS NOT NULL AND image_tokens IS NOT NULL
           AND output_tokens IS NOT NULL
         ORDER BY id DESC LIMIT 200)`,
    )
    .get(provider) as { prompt: number | null; output: number | null; n: number };
  if (row.n === 0 || row.prompt === null || row.output === null) return {};
  return { promptTokens: Math.max(0, Math.round(row.prompt)), outputTokens: Math.round(row.output) };
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

/** Photos waiting for approval (in one folder, or all) and what captioning them would cost. */
export function estimateAwaitingApproval(
  db: Database,
  ctx: PhotoCostContext,
  folderId?: number,
): { photos: number; costUsd: number } {
  const folderFilter =
    folderId === undefined
      ? ''
      : 'AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id = ?)';
  const sizes = db
    .prepare(
      `SELECT p.width AS width, p.height AS height, count(*) AS n
       FROM caption_jobs j JOIN photos p ON p.id = j.photo_id
       WHERE j.state = 'queued' AND j.approved = 0 ${folderFilter}
       GROUP BY p.width, p.height`,
    )
    .all(...(folderId === undefined ? [] : [folderId])) as Array<{
    width: number | null;
    height: number | null;
    n: number;
  }>;
  let photos = 0;
  let costUsd = 0;
  for (const size of sizes) {
    photos += size.n;
    costUsd += size.n * estimatePhoto(ctx, size.width, size.height).cost;
  }
  return { photos, costUsd };
}
