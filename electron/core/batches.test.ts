import { describe, expect, it } from 'vitest';
import { inBatches } from './batches';

describe('inBatches', () => {
  it('sizes each batch by the time the last one took, and lets other work run between batches', async () => {
    let clock = 0;
    const sizes: number[] = [];
    let otherWork = 0;
    const timer = setInterval(() => otherWork++, 0);
    let left = 10_000;
    try {
      await inBatches(
        (size) => {
          sizes.push(size);
          clock += size * 0.5; // half a millisecond per item
          left -= size;
          return left <= 0;
        },
        { budgetMs: 20, initialSize: 10, now: () => clock },
      );
    } finally {
      clearInterval(timer);
    }
    // Grows at most twofold at a time, up to 40 items = the 20 ms budget.
    expect(sizes.slice(0, 3)).toEqual([10, 20, 40]);
    expect(sizes.slice(3)).toEqual(sizes.slice(3).map(() => 40));
    expect(otherWork).toBeGreaterThan(0);
  });

  it('after a batch far quicker than the rest, holds the loop at most twice the budget', async () => {
    let clock = 0;
    const sizes: number[] = [];
    // The first items cost nothing (rows already in the cache, say), the rest 2 ms each.
    await inBatches(
      (size) => {
        sizes.push(size);
        clock += sizes.length === 1 ? 0 : size * 2;
        return sizes.length === 4;
      },
      { budgetMs: 20, initialSize: 10, now: () => clock },
    );
    expect(sizes).toEqual([10, 20, 10, 10]);
  });

  it('shrinks a batch that took too long', async () => {
    let clock = 0;
    const sizes: number[] = [];
    await inBatches(
      (size) => {
        sizes.push(size);
        clock += size * 2;
        return sizes.length === 3;
      },
      { budgetMs: 20, initialSize: 100, now: () => clock },
    );
    expect(sizes).toEqual([100, 10, 10]);
  });

  it('runs the work between batches in a turn of its own, not after the last batch', async () => {
    const order: string[] = [];
    // Work queued from each step runs before the next step only when that step waits for a turn of its own.
    const queueOther = () => setImmediate(() => order.push('other'));
    let batches = 0;
    await inBatches(
      () => {
        order.push('batch');
        queueOther();
        return ++batches === 3;
      },
      {
        initialSize: 5,
        now: () => 0,
        between: () => {
          order.push('between');
          queueOther();
        },
      },
    );
    expect(order.slice(0, 9)).toEqual([
      'batch',
      'other',
      'between',
      'other',
      'batch',
      'other',
      'between',
      'other',
      'batch',
    ]);
  });
});
