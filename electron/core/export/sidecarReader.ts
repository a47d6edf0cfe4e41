// How an export reads the sidecars it merges into. Through the thread pool a read is four round trips (open,
// stat, read, close), and an export overlaps reading the next group with flushing the one before: the reads
// queued behind the flushes on libuv's four threads, which made merging into existing sidecars 1.6-1.9 times
// bare flushed writes. A sidecar is a few KB and mostly in the page cache, so on the calling thread it costs
// microseconds and waits for no flush. A disk on which such reads are slow (a network share, a spinning disk
// gone cold) would hold the event loop instead: once the reads of a window take more than a millisecond each
// on average, the export reads through the pool again. Judged over a window, not by one read, so a busy
// machine that takes the CPU away for one read does not send a fast disk to the pool.
import { readBoundedText, readBoundedTextSync, TOO_LARGE } from './readBoundedText';

export interface ReadPace {
  /** Reads judged together. */
  window: number;
  /** Past this average (ms) over a window, reads go through the pool. */
  averageMs: number;
}

export const READ_PACE: ReadPace = { window: 16, averageMs: 1 };

export class SidecarReader {
  private direct = true;
  private reads = 0;
  private spentMs = 0;

  constructor(private readonly pace: ReadPace = READ_PACE) {}

  /** Whether reads still go on the calling thread (false once a window of them was slow). */
  get readsDirectly(): boolean {
    return this.direct;
  }

  async read(path: string, maxBytes: number): Promise<string | typeof TOO_LARGE> {
    if (!this.direct) return readBoundedText(path, maxBytes);
    const start = performance.now();
    try {
      return readBoundedTextSync(path, maxBytes);
    } finally {
      this.judge(performance.now() - start);
    }
  }

  private judge(ms: number): void {
    this.spentMs += ms;
    if (++this.reads < this.pace.window) return;
    if (this.spentMs > this.pace.window * this.pace.averageMs) this.direct = false;
    this.reads = 0;
    this.spentMs = 0;
  }
}
