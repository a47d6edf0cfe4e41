export interface TurnBatch {
  /** Runs `work` in this batch's transaction; resolves once that transaction has committed. */
  run<T>(work: () => T): Promise<T>;
}

export interface GatherOptions {
  /**
   * How long (ms) a batch may gather writes before it commits; 0 commits at the end of the turn. Each commit
   * writes the touched index and FTS pages to the WAL again, so a small photo's catalogue writes cost about
   * four times as much one at a time as sixty-four together.
   */
  gatherMs?: number;
  /** A batch this large commits at once. */
  maxWrites?: number;
}

/**
 * Catalogue writes of the photos that finish decoding in one turn of the event loop (or, with `gatherMs`,
 * within that many milliseconds), committed as one transaction: a commit per photo wrote the same index pages
 * to the WAL again for every photo. When a write throws, the batch is undone and every write of it done again
 * alone, so only the failing one fails (its caller gets its own error, a full disk's included); writes must
 * therefore leave nothing outside the database that a second run would double. `afterCommit` is told once per
 * batch, after its writes.
 */
export function createTurnBatch(
  transaction: <T>(work: () => T) => T,
  afterCommit: () => void = () => undefined,
  options: GatherOptions = {},
): TurnBatch {
  const gatherMs = options.gatherMs ?? 0;
  const maxWrites = options.maxWrites ?? Infinity;
  type Queued = { work: () => unknown; resolve(value: unknown): void; reject(error: unknown): void };
  let queued: Queued[] = [];
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;

  function flush(): void {
    if (timer !== null) {
      if (gatherMs > 0) clearTimeout(timer as NodeJS.Timeout);
      else clearImmediate(timer as NodeJS.Immediate);
      timer = null;
    }
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
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
        if (queued.length >= maxWrites) return flush();
        if (timer !== null) return;
        timer = gatherMs > 0 ? setTimeout(flush, gatherMs) : setImmediate(flush);
      });
    },
  };
}
