import { estimatePhoto, type PhotoCostContext } from '../spend/estimate';
import type { Grouping } from './groupingService';

/** Photos an estimate leaves out because they take a burst leader's caption, and what they would have cost. */
export function groupingSavings(
  grouping: Pick<Grouping, 'savedInEstimate'>,
  ctx: PhotoCostContext | null,
  folderId?: number,
): { groupedPhotos: number; groupedSavingsUsd: number } {
  let groupedPhotos = 0;
  let groupedSavingsUsd = 0;
  for (const size of grouping.savedInEstimate(folderId)) {
    groupedPhotos += size.n;
    if (ctx) groupedSavingsUsd += size.n * estimatePhoto(ctx, size.width, size.height).cost;
  }
  return { groupedPhotos, groupedSavingsUsd };
}
