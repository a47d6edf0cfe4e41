// Preloaded into the scale benchmark's server (`--import`) when BENCH_MEMORY_SPLIT names a file: every 250 ms it
// appends the process's memory split as a JSON line, so the benchmark can say what the peak was made of (JS
// heap, external and array buffers, and the rest: native allocations, thread stacks, libvips, SQLite).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_MEMORY_SPLIT;
/** The lexicon's file: whether it exists yet tells the samples taken while it was built from the rest. */
const lexicon = process.env.BENCH_LEXICON_FILE;

function threads(): number {
  return Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
}

// Preloads run in worker threads too; the main thread's heap is the one that matters here.
if (file && isMainThread) {
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  setInterval(() => {
    const usage = process.memoryUsage();
    const line = {
      rss: mb(usage.rss),
      heapTotal: mb(usage.heapTotal),
      heapUsed: mb(usage.heapUsed),
      external: mb(usage.external),
      arrayBuffers: mb(usage.arrayBuffers),
      threads: threads(),
      lexiconBuilt: lexicon !== undefined && existsSync(lexicon),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 250).unref();
}
