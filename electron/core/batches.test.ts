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
    expect(sizes[0]).toBe(10);
    expect(sizes[1]).toBe(40); // grows at most fourfold at a time
    expect(sizes.slice(2)).toEqual(sizes.slice(2).map(() => 40)); // 40 items = the 20 ms budget
    expect(otherWork).toBeGreaterThan(0);
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
});
