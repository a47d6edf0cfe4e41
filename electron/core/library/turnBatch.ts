export interface TurnBatch {
  /** Runs `work` in this turn's transaction; resolves once that transaction has committed. */
  run<T>(work: () => T): Promise<T>;
}

/**
 * Catalogue writes of the photos that finish decoding in one turn of the event loop, committed as one
 * transaction: a commit per photo wrote the same index pages to the WAL again for every photo. When a write
 * throws, the batch is undone and every write of it done again alone, so only the failing one fails (its
 * caller gets its own error, a full disk's included); writes must therefore leave nothing outside the
 * database that a second run would double. The batch waits for nothing but the end of the turn, so no photo
 * is held back. `afterCommit` is told once per batch, after its writes.
 */
export function createTurnBatch(
  transaction: <T>(work: () => T) => T,
  afterCommit: () => void = () => undefined,
): TurnBatch {
  type Queued = { work: () => unknown; resolve(value: unknown): void; reject(error: unknown): void };
  let queued: Queued[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const batch = queued;
    queued = [];
    let values: unknown[] | null = null;
    try {
      values = transaction(() => batch.map((item) => item.work()));
    } catch {
      // One write failed (a full disk may even have ended the whole transaction): nothing of the batch was
      // kept, and each write is done again in a transaction of its own, as without the batch.
    }
    if (values) {
      batch.forEach((item, i) => item.resolve(values[i]));
    } else {
      for (const item of batch) {
        try {
          item.resolve(transaction(item.work));
        } catch (error) {
          item.reject(error);
        }
      }
    }
    afterCommit();
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        setImmediate(flush);
      });
    },
  };
}
