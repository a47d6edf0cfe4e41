import { setImmediate as nextTurn } from 'node:timers/promises';

export interface BatchOptions {
  /** How long one batch may hold the event loop (ms); requests wait at most about this long. */
  budgetMs?: number;
  initialSize?: number;
  maxSize?: number;
  now?: () => number;
}

/**
 * Runs `step` (synchronous: one transaction of at most `size` items, true when nothing is left) again and
 * again, yielding to the event loop between steps, so work over 100,000 rows never holds the API for more than
 * about `budgetMs` at a time. The size follows the measured time of the last step.
 */
export async function inBatches(step: (size: number) => boolean, options: BatchOptions = {}): Promise<void> {
  const budgetMs = options.budgetMs ?? 25;
  const maxSize = options.maxSize ?? 20_000;
  const now = options.now ?? (() => performance.now());
  let size = options.initialSize ?? 200;
  for (;;) {
    const started = now();
    const done = step(size);
    if (done) return;
    const took = Math.max(now() - started, 0.1);
    size = Math.max(1, Math.min(maxSize, Math.round(size * Math.min(4, budgetMs / took))));
    await nextTurn();
  }
}
