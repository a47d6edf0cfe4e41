// Captioning throughput against the fake provider in its own process: photos per second at 0 ms and 1,500 ms
// of provider latency, with 4 and 16 concurrent requests, beside the ceiling concurrency / latency. The whole
// run counts the start (the setup check, the first uploads) too; the steady rate counts from the moment the
// first round of answers is in to the last answer, which is what a backlog of thousands of photos runs at.
// Each run opens a fresh catalogue, but the reference data (WordNet, places) is built once beforehand as on
// any start after the first: its first-start build would otherwise share the main thread with the run.
// Beside each rate, the main thread's CPU per caption: the figure the machine's other load moves least.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore } from '../../electron/core/createCore';
import { silentLog } from '../../electron/core/log';
import { spawnFakeProvider } from '../fake-provider/process';
import { waitForCatalogued } from '../support/coreHarness';
import { waitFor } from '../support/waitFor';
import { fmt, printBlock, syntheticPhotos } from './benchSupport';
import { queueMicros } from './queueWake';
import { assertLoopbackProvider } from '../support/loopbackOnly';
import { prebuiltReferenceData } from './referenceData';

interface RunFigures {
  /** Photos per second from resume to the last caption. */
  whole: number;
  /** Photos per second after the first `concurrency` captions. */
  steady: number;
  /** The main thread's CPU per caption from resume to the last caption: what the machine's load cannot inflate. */
  cpuMs: number;
}

export async function run(
  photos: string,
  count: number,
  latencyMs: number,
  concurrency: number,
): Promise<RunFigures> {
  const provider = await spawnFakeProvider({ flavour: 'openrouter', latencyMs });
  const dataDir = mkdtempSync(join(tmpdir(), 'shoebox-bench-caption-'));
  const env = {
    SHOEBOX_PROVIDER: 'openrouter',
    SHOEBOX_BASE_URL: provider.url,
    OPENROUTER_API_KEY: 'bench-key',
  };
  assertLoopbackProvider(env);
  const core = await createCore({
    dataDir,
    env,
    mode: 'browser',
    log: silentLog,
  });
  try {
    await core.api['settings.update']({ concurrency });
    await core.api['queue.pause']({});
    await core.api['folders.add']({ path: photos });
    await waitForCatalogued(core, count);
    await core.api['queue.approve']({});
    // Captions counted on a read-only connection of the bench's own, a tenth of a millisecond a look: polling
    // queue.status every 10 ms, as the benchmark once did, took a tenth of the main thread the captions need
    // (the window follows pushed status instead).
    const reader = new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
    const captioned = reader.prepare(`SELECT count(*) FROM photos WHERE caption_status = 'done'`).pluck();
    const start = performance.now();
    const cpuAtStart = process.threadCpuUsage();
    let firstRoundAt: number | null = null;
    try {
      await core.api['queue.resume']({});
      await waitFor(
        'every caption',
        () => {
          const done = captioned.get() as number;
          if (firstRoundAt === null && done >= concurrency) firstRoundAt = performance.now();
          return done === count || undefined;
        },
        { timeoutMs: 600_000, intervalMs: 10 },
      );
    } finally {
      reader.close();
    }
    const end = performance.now();
    const cpu = process.threadCpuUsage(cpuAtStart);
    const steadyFrom = firstRoundAt ?? start;
    return {
      whole: count / ((end - start) / 1000),
      steady: (count - concurrency) / (Math.max(1, end - steadyFrom) / 1000),
      cpuMs: (cpu.user + cpu.system) / 1000 / count,
    };
  } finally {
    await core.stop();
    await provider.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main(count = Number(process.env.BENCH_CAPTION_COUNT ?? 96)) {
  const photos = await syntheticPhotos(count, 1600);
  await prebuiltReferenceData();
  const lines: Array<[string, string]> = [];
  const results: Record<string, number> = {};
  const latencies = process.env.BENCH_CAPTION_WAKE_ONLY
    ? []
    : process.env.BENCH_CAPTION_LATENCY_ONLY
      ? [1500]
      : [0, 1500];
  for (const latencyMs of latencies) {
    for (const concurrency of [4, 16]) {
      const { whole, steady, cpuMs } = await run(photos, count, latencyMs, concurrency);
      results[`${latencyMs}ms/c${concurrency}`] = whole;
      results[`${latencyMs}ms/c${concurrency}/steady`] = steady;
      results[`${latencyMs}ms/c${concurrency}/cpuMs`] = cpuMs;
      const limit = concurrency / (latencyMs / 1000);
      const ratio = (rate: number) => (latencyMs > 0 ? `, ratio ${fmt(rate / limit, 3)}` : '');
      const ceiling = latencyMs > 0 ? ` (ceiling ${fmt(limit, 2)}/s, target ≥ 0.95)` : '';
      lines.push([
        `latency ${latencyMs} ms, concurrency ${concurrency}`,
        `whole run ${fmt(whole, 2)} photos/s${ratio(whole)}; steady ${fmt(steady, 2)}/s${ratio(steady)}${ceiling}; ` +
          `main thread ${fmt(cpuMs, 1)} ms CPU a caption`,
      ]);
    }
  }
  printBlock(`Captioning: ${count} photos (1600 px) against the fake provider in its own process`, lines);

  // Waking the queue once per scanned photo, and a status push, must cost the same with a small and a large
  // backlog. The best of two runs each: a single run's figure moves by ±40% with the machine's load.
  const best = async (waiting: number) => {
    const [a, b] = [await queueMicros(waiting), await queueMicros(waiting)];
    return { wake: Math.min(a.wake, b.wake), status: Math.min(a.status, b.status) };
  };
  const small = await best(2_000);
  const large = await best(100_000);
  results.wakeRatio = large.wake / small.wake;
  results.statusRatio = large.status / small.status;
  printBlock(
    'Caption queue per new photo and per status push, jobs waiting for approval (a cloud provider)',
    [
      ['wake(), 2,000 waiting', `${fmt(small.wake, 1)} µs`],
      [
        'wake(), 100,000 waiting',
        `${fmt(large.wake, 1)} µs (ratio ${fmt(results.wakeRatio, 2)}, target ≈ 1)`,
      ],
      ['status(), 2,000 waiting', `${fmt(small.status, 1)} µs`],
      [
        'status(), 100,000 waiting',
        `${fmt(large.status, 1)} µs (ratio ${fmt(results.statusRatio, 2)}, target ≈ 1)`,
      ],
    ],
  );
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
