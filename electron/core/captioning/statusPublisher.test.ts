import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueStatus } from '../../../shared/types';
import { createStatusPublisher } from './statusPublisher';

describe('queue status pushes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function publisher(snapshotCostMs: () => number) {
    const emitted: number[] = [];
    const status = {} as QueueStatus;
    const publish = createStatusPublisher({
      snapshot: () => {
        // The snapshot's counting, as the clock sees it.
        vi.setSystemTime(Date.now() + snapshotCostMs());
        return status;
      },
      emit: () => emitted.push(Date.now()),
      intervalMs: 250,
    });
    return { publish, emitted };
  }

  it('coalesce routine changes into one snapshot per interval while snapshots are cheap', () => {
    const { publish, emitted } = publisher(() => 1);
    for (let ms = 0; ms < 1000; ms += 10) {
      publish.soon();
      vi.advanceTimersByTime(10);
    }
    expect(emitted.length).toBeGreaterThanOrEqual(4);
    expect(emitted.length).toBeLessThanOrEqual(5);
    publish.cancel();
  });

  it('space routine snapshots by their own cost once counting gets dear, so their share stays bounded', () => {
    const { publish, emitted } = publisher(() => 50);
    const start = Date.now();
    for (let ms = 0; ms < 5000; ms += 10) {
      publish.soon();
      vi.advanceTimersByTime(10);
    }
    // 50 ms each at most every 20 × 50 ms: no more than a twentieth of the time, not 50 ms of every 250.
    const spent = emitted.length * 50;
    expect(spent / (Date.now() - start)).toBeLessThanOrEqual(1 / 20 + 0.01);
    expect(emitted.length).toBeGreaterThanOrEqual(4);
    // An urgent change still goes at once.
    const before = emitted.length;
    publish.now();
    expect(emitted.length).toBe(before + 1);
    publish.cancel();
  });
});
