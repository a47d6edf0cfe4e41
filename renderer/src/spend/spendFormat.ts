// Money and chart arithmetic for the spend views; plain functions so they are easy to test.
import type { SpendEstimate } from '../../../shared/types';
import { formatUsd } from '../settings/costEstimate';

export { formatUsd };

/** "Caption 4,812 photos for about $2.31 on OpenRouter?" */
export function estimateQuestion(estimate: SpendEstimate): string {
  const photos = `${estimate.photos.toLocaleString('en-US')} photo${estimate.photos === 1 ? '' : 's'}`;
  if (!estimate.providerLabel) return `${photos} wait for a caption provider.`;
  if (estimate.costUsd === 0) return `Caption ${photos} on ${estimate.providerLabel}, free of charge?`;
  return `Caption ${photos} for about ${formatUsd(estimate.costUsd)} on ${estimate.providerLabel}?`;
}

/** "Grouping saved 7 photos (about $0.0021): bursts and near-copies are captioned once." or null. */
export function groupingSaving(estimate: SpendEstimate): string | null {
  const grouped = estimate.groupedPhotos ?? 0;
  if (grouped === 0) return null;
  const photos = `${grouped.toLocaleString('en-US')} photo${grouped === 1 ? '' : 's'}`;
  const usd = estimate.groupedSavingsUsd ?? 0;
  return `Grouping saved ${photos}${usd > 0 ? ` (about ${formatUsd(usd)})` : ''}: bursts and near-copies are captioned once, and the others get that caption to review.`;
}

export interface Bar {
  day: string;
  cost: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One bar per day in a chart `width` × `height`; the tallest day fills the height. */
export function dailyBars(daily: Array<{ day: string; cost: number }>, width: number, height: number): Bar[] {
  const max = Math.max(...daily.map((d) => d.cost), 0);
  const slot = daily.length > 0 ? width / daily.length : width;
  return daily.map((d, i) => {
    const h = max > 0 ? Math.max(d.cost > 0 ? 1 : 0, (d.cost / max) * height) : 0;
    return {
      day: d.day,
      cost: d.cost,
      x: i * slot + 1,
      y: height - h,
      width: Math.max(1, slot - 2),
      height: h,
    };
  });
}

/** A limit field: empty means no limit; otherwise a non-negative number of dollars. */
export function parseLimit(text: string): number | null | 'invalid' {
  const trimmed = text.trim().replace(/^\$/, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : 'invalid';
}
