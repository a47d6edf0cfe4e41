import { readFileSync } from 'node:fs';
export { mapLimit, syntheticPhotos } from '../support/syntheticPhotos';

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function printBlock(title: string, lines: Array<[string, string]>): void {
  const width = Math.max(...lines.map(([label]) => label.length));
  console.log(`\n== ${title}`);
  for (const [label, value] of lines) console.log(`  ${label.padEnd(width)}  ${value}`);
}

/**
 * How long (ms) the main thread has waited, ready, for a core so far, from Linux's scheduler statistics; null
 * elsewhere, or unless BENCH_RUNQUEUE=1 (a read of /proc per turn of the event loop is not free).
 */
function runqueueWaitMs(): number | null {
  if (process.env.BENCH_RUNQUEUE !== '1') return null;
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

/** The main thread's own CPU time so far (ms): not the process's, which counts the thread pool and workers. */
export function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** Gaps between turns counted in 10 µs steps up to a second, longer ones kept as they are. */
class GapHistogram {
  private readonly counts = new Uint32Array(100_000);
  private readonly long: number[] = [];
  private total = 0;

  add(ms: number): void {
    const step = Math.floor(ms * 100);
    if (step < this.counts.length) this.counts[step]!++;
    else this.long.push(ms);
    this.total++;
  }

  percentile(p: number): number {
    if (this.total === 0) return NaN;
    let rank = Math.max(1, Math.ceil((p / 100) * this.total));
    for (let step = 0; step < this.counts.length; step++) {
      rank -= this.counts[step]!;
      if (rank <= 0) return (step + 1) / 100;
    }
    return percentile(
      this.long.sort((a, b) => a - b),
      (100 * rank) / this.long.length,
    );
  }
}

/**
 * Runs `work` while a chain of turns of the event loop notes the longest gap between two of them, and the most
 * CPU time the main thread spent within one gap (`longestCpuMs`): on a loaded machine a gap also holds the time
 * the thread waited for a core, which the CPU time leaves out. With BENCH_RUNQUEUE=1 on Linux,
 * `longestOwnMs` is the longest gap less that wait: the CPU and any blocking I/O (a checkpoint's fsync).
 */
export async function longestBlock<T>(work: () => Promise<T>): Promise<{
  ms: number;
  longestMs: number;
  p99Ms: number;
  longestCpuMs: number;
  longestOwnMs: number | null;
  result: T;
}> {
  // A histogram, not a list: a long job turns the loop millions of times, and a list of every gap would be
  // garbage that the next measurement's collector pays for.
  const gaps = new GapHistogram();
  let longest = 0;
  let longestCpu = 0;
  let running = true;
  let last = performance.now();
  let lastCpu = threadCpuMs();
  let lastWait = runqueueWaitMs();
  let longestOwn = lastWait === null ? null : 0;
  const probe = (): void => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const wait = runqueueWaitMs();
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, cpu - lastCpu);
    if (longestOwn !== null && wait !== null && lastWait !== null) {
      longestOwn = Math.max(longestOwn, now - last - (wait - lastWait));
    }
    gaps.add(now - last);
    last = now;
    lastCpu = cpu;
    lastWait = wait;
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  const start = performance.now();
  try {
    const result = await work();
    const longestMs = Math.max(longest, performance.now() - last);
    const longestCpuMs = Math.max(longestCpu, threadCpuMs() - lastCpu);
    const wait = runqueueWaitMs();
    const longestOwnMs =
      longestOwn === null || wait === null || lastWait === null
        ? null
        : Math.max(longestOwn, performance.now() - last - (wait - lastWait));
    return {
      ms: performance.now() - start,
      longestMs,
      longestCpuMs,
      longestOwnMs,
      p99Ms: gaps.percentile(99),
      result,
    };
  } finally {
    running = false;
  }
}
