import { costOfSizes, type PhotoCostContext } from '../spend/estimate';
import type { Grouping } from './groupingService';

/** Photos an estimate leaves out because they take a burst leader's caption, and what they would have cost. */
export function groupingSavings(
  grouping: Pick<Grouping, 'savedInEstimate'>,
  ctx: PhotoCostContext | null,
  folderId?: number,
): { groupedPhotos: number; groupedSavingsUsd: number } {
  const sizes = grouping.savedInEstimate(folderId);
  const groupedPhotos = sizes.reduce((sum, size) => sum + size.n, 0);
  return { groupedPhotos, groupedSavingsUsd: ctx ? costOfSizes(ctx, sizes).costUsd : 0 };
}
