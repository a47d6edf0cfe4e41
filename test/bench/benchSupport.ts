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

/** The main thread's own CPU time so far (ms): not the process's, which counts the thread pool and workers. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `work` while a chain of turns of the event loop notes the longest gap between two of them, and the most
 * CPU time the main thread spent within one gap (`longestCpuMs`): on a loaded machine a gap also holds the time
 * the thread waited for a core, which the CPU time leaves out.
 */
export async function longestBlock<T>(
  work: () => Promise<T>,
): Promise<{ ms: number; longestMs: number; p99Ms: number; longestCpuMs: number; result: T }> {
  const gaps: number[] = [];
  let longest = 0;
  let longestCpu = 0;
  let running = true;
  let last = performance.now();
  let lastCpu = threadCpuMs();
  const probe = (): void => {
    const now = performance.now();
    const cpu = threadCpuMs();
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, cpu - lastCpu);
    gaps.push(now - last);
    last = now;
    lastCpu = cpu;
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  const start = performance.now();
  try {
    const result = await work();
    const longestMs = Math.max(longest, performance.now() - last);
    const longestCpuMs = Math.max(longestCpu, threadCpuMs() - lastCpu);
    return {
      ms: performance.now() - start,
      longestMs,
      longestCpuMs,
      p99Ms: percentile(
        gaps.sort((a, b) => a - b),
        99,
      ),
      result,
    };
  } finally {
    running = false;
  }
}
