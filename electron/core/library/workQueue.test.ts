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

  it('gives the slot of a task that steps aside to the next, holds room while too many are aside, and idles after them', async () => {
    const queue = new WorkQueue(1, 2);
    const commits: Array<() => void> = [];
    const commit = () => new Promise<void>((resolve) => commits.push(resolve));
    const started: number[] = [];
    const finished: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      await queue.stepAside(commit());
      finished.push(i);
    };
    void queue.run(task(0));
    void queue.run(task(1));
    await tick(5);
    // One slot, yet both started: the first stepped aside to wait for its commit.
    expect(started).toEqual([0, 1]);
    // Two aside is the most: no room for a third until one ends.
    let roomy = false;
    void queue.room().then(() => (roomy = true));
    await tick(5);
    expect(roomy).toBe(false);
    expect(queue.busy).toBe(true);
    let idle = false;
    void queue.idle().then(() => (idle = true));
    commits[0]!();
    await tick(5);
    expect(roomy).toBe(true);
    expect(idle).toBe(false);
    commits[1]!();
    await tick(5);
    expect(finished).toEqual([0, 1]);
    expect(idle).toBe(true);
    expect(queue.busy).toBe(false);
  });

  it('lets a task outside it, or a queue that keeps nothing aside, simply wait', async () => {
    const queue = new WorkQueue(1);
    const started: number[] = [];
    let release!: () => void;
    const wait = new Promise<void>((resolve) => (release = resolve));
    void queue.run(async () => {
      started.push(0);
      await queue.stepAside(wait);
    });
    void queue.run(async () => {
      started.push(1);
    });
    await tick(5);
    expect(started).toEqual([0]);
    release();
    await queue.idle();
    expect(started).toEqual([0, 1]);
    await expect(new WorkQueue(1, 4).stepAside(Promise.resolve(7))).resolves.toBe(7);
  });
});
