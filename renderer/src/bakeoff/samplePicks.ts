// The photos a user picks for a bake-off, in the order picked: at most MAX_PICKS (the bake-off's limit).
import { LIMITS } from '../../../shared/contract';
import type { PhotoSummary } from '../../../shared/types';

export const MAX_PICKS = LIMITS.bakeoffSamples.max;

export type Picks = ReadonlyMap<number, PhotoSummary>;

/** Adds the photo, or takes it out when it is picked already; a full set stays as it is. */
export function togglePick(picks: Picks, photo: PhotoSummary): Picks {
  const next = new Map(picks);
  if (next.has(photo.id)) next.delete(photo.id);
  else if (next.size < MAX_PICKS) next.set(photo.id, photo);
  return next;
}

/** Adds the shown photos not picked yet, in order, until the set is full. */
export function pickAll(picks: Picks, shown: readonly PhotoSummary[]): Picks {
  const next = new Map(picks);
  for (const photo of shown) {
    if (next.size >= MAX_PICKS) break;
    next.set(photo.id, photo);
  }
  return next;
}

/** "12 of at most 30 photos chosen" */
export function pickCountWords(picks: Picks): string {
  const n = picks.size;
  return `${n} photo${n === 1 ? '' : 's'} chosen (at most ${MAX_PICKS})`;
}
