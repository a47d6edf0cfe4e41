// How an export reads the sidecars it merges into. Through the thread pool a read is four round trips (open,
// stat, read, close), and an export overlaps reading the next group with flushing the one before: the reads
// queued behind the flushes on libuv's four threads, which made merging into existing sidecars 1.6-1.9 times
// bare flushed writes. A sidecar is a few KB and mostly in the page cache, so on the calling thread it costs
// microseconds and waits for no flush. A disk on which such a read is slow (a network share, a spinning disk
// gone cold) would hold the event loop instead: after one slow read, the export reads through the pool again.
import { readBoundedText, readBoundedTextSync, TOO_LARGE } from './readBoundedText';

/** A read slower than this (ms) says the disk is not answering from memory. */
export const SLOW_READ_MS = 4;

export class SidecarReader {
  private direct = true;

  constructor(private readonly slowReadMs = SLOW_READ_MS) {}

  /** Whether reads still go on the calling thread (false once one was slow). */
  get readsDirectly(): boolean {
    return this.direct;
  }

  async read(path: string, maxBytes: number): Promise<string | typeof TOO_LARGE> {
    if (!this.direct) return readBoundedText(path, maxBytes);
    const start = performance.now();
    try {
      return readBoundedTextSync(path, maxBytes);
    } finally {
      if (performance.now() - start > this.slowReadMs) this.direct = false;
    }
  }
}
