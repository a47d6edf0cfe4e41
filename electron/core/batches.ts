import { setImmediate as nextTurn } from 'node:timers/promises';

export interface BatchOptions {
  /** How long one batch may hold the event loop (ms); requests wait at most about this long. */
  budgetMs?: number;
  /** How many times larger than the last one the next batch may grow (from the last one's speed). */
  maxGrowth?: number;
  initialSize?: number;
  maxSize?: number;
  now?: () => number;
  /** Work of its own run between two batches, in a turn of its own (the search index's merge steps). */
  between?: () => void;
}

/**
 * Runs `step` (synchronous: one transaction of at most `size` items, true when nothing is left) again and
 * again, yielding to the event loop between steps, so work over 100,000 rows never holds the API for more than
 * about `budgetMs` at a time. The size follows the measured time of the last step.
 */
export async function inBatches(step: (size: number) => boolean, options: BatchOptions = {}): Promise<void> {
  const budgetMs = options.budgetMs ?? 25;
  const maxSize = options.maxSize ?? 20_000;
  // Twice at most: one batch's time varies with what its rows hold and with the machine's load, so a batch
  // sized from a quick one can take several times the budget.
  const maxGrowth = options.maxGrowth ?? 2;
  const now = options.now ?? (() => performance.now());
  let size = options.initialSize ?? 200;
  for (;;) {
    const started = now();
    const done = step(size);
    if (done) return;
    const took = Math.max(now() - started, 0.1);
    size = Math.max(1, Math.min(maxSize, Math.round(size * Math.min(maxGrowth, budgetMs / took))));
    await nextTurn();
    if (options.between) {
      options.between();
      await nextTurn();
    }
  }
}
