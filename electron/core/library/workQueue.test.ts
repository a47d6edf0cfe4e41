import { describe, expect, it } from 'vitest';
import { WorkQueue } from './workQueue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WorkQueue', () => {
  it('never runs more than the limit at once and drains to idle', async () => {
    const queue = new WorkQueue(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 10; i++) {
      await queue.room();
      void queue.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await tick(5);
        running--;
        done.push(i);
      });
    }
    await queue.idle();
    expect(peak).toBe(2);
    expect(done).toHaveLength(10);
    expect(queue.busy).toBe(false);
  });

  it('passes results and failures through', async () => {
    const queue = new WorkQueue(1);
    await expect(queue.run(async () => 42)).resolves.toBe(42);
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await queue.idle();
  });
});
