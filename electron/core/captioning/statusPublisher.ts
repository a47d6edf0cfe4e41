import type { QueueStatus } from '../../../shared/types';

/**
 * Pushes queue status events without letting their cost grow with the work: a snapshot counts every job, so
 * routine changes (a photo added by a scan, a job finished) are coalesced into at most one snapshot per
 * interval, with a trailing one so the last change is always shown. Urgent changes go at once.
 */
export function createStatusPublisher(options: {
  snapshot: () => QueueStatus;
  emit: (status: QueueStatus) => void;
  intervalMs: number;
}) {
  let lastAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;

  function now(): QueueStatus {
    if (timer) clearTimeout(timer);
    timer = null;
    lastAt = Date.now();
    const current = options.snapshot();
    options.emit(current);
    return current;
  }

  return {
    now,
    soon(): void {
      if (timer) return;
      const wait = lastAt + options.intervalMs - Date.now();
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
