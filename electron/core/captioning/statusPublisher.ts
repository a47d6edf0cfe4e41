import type { QueueStatus } from '../../../shared/types';

/**
 * Pushes queue status events without letting their cost grow with the work: a snapshot counts every job, so
 * routine changes (a photo added by a scan, a job finished) are coalesced into at most one snapshot per
 * interval, with a trailing one so the last change is always shown. Urgent changes go at once. The counts
 * still grow with the catalogue (a few ms at 200,000 photos), so routine snapshots are also spaced by their own
 * cost: at most about 1/COST_SHARE of the main thread goes to them, however large the catalogue.
 */
const COST_SHARE = 20;

export function createStatusPublisher(options: {
  snapshot: () => QueueStatus;
  emit: (status: QueueStatus) => void;
  intervalMs: number;
}) {
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastCostMs = 0;
  let timer: NodeJS.Timeout | null = null;

  function now(): QueueStatus {
    if (timer) clearTimeout(timer);
    timer = null;
    const started = Date.now();
    const current = options.snapshot();
    lastAt = Date.now();
    lastCostMs = lastAt - started;
    options.emit(current);
    return current;
  }

  return {
    now,
    soon(): void {
      if (timer) return;
      const wait = lastAt + Math.max(options.intervalMs, lastCostMs * COST_SHARE) - Date.now();
      if (wait <= 0) {
        now();
        return;
      }
      timer = setTimeout(() => {
        try {
          now();
        } catch {
          // the database was closed under a pending snapshot (shutdown): nothing left to show
        }
      }, wait);
      timer.unref?.();
    },
    cancel(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
