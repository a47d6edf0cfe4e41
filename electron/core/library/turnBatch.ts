export interface TurnBatch {
  /** Runs `work` in this turn's transaction; resolves once that transaction has committed. */
  run<T>(work: () => T): Promise<T>;
}

/**
 * Catalogue writes of the photos that finish decoding in one turn of the event loop, committed as one
 * transaction: a commit per photo wrote the same index pages to the WAL again for every photo. Each write
 * runs in a savepoint of its own, so one that throws is undone alone and fails only its caller; the batch
 * waits for nothing but the end of the turn, so no photo is held back. `transaction` runs its argument in a
 * transaction, a savepoint when nested (as better-sqlite3's `db.transaction` does); `afterCommit` is told once
 * per batch kept.
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
    let outcomes: Array<{ value: unknown } | { error: unknown }>;
    try {
      outcomes = transaction(() =>
        batch.map((item) => {
          try {
            return { value: transaction(item.work) };
          } catch (error) {
            return { error };
          }
        }),
      );
    } catch (error) {
      // The commit itself failed (a full disk): nothing of the batch was kept.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) item.reject(outcome.error);
      else item.resolve(outcome.value);
    });
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
