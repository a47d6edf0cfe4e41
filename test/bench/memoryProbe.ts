// Child process for memory.bench.ts: watches a tree either with bare chokidar or with Shoebox's core, then
// prints its resident memory as JSON. Run with --expose-gc so the figure is taken after a full collection.
import { watch } from 'chokidar';
import { createCore } from '../../electron/core/createCore';
import { loadParcelWatcher } from '../../electron/core/library/parcelWatcher';
import { silentLog } from '../../electron/core/log';
import { waitFor } from '../support/waitFor';

const [mode, root, dataDir] = process.argv.slice(2);

async function settledRss(): Promise<{ rssMb: number; heapMb: number }> {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const usage = process.memoryUsage();
  return { rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20 };
}

const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const start = performance.now();
if (mode === 'parcel') {
  const parcel = loadParcelWatcher()!;
  const subscription = await parcel.subscribe(root!, () => undefined);
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ mode, baselineRssMb, seconds, ...(await settledRss()) }));
  await subscription.unsubscribe();
} else if (mode === 'chokidar') {
  const watcher = watch(root!, { persistent: true });
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  const seconds = (performance.now() - start) / 1000;
  console.log(JSON.stringify({ mode, baselineRssMb, seconds, ...(await settledRss()) }));
  await watcher.close();
} else {
  const core = await createCore({
    dataDir: dataDir!,
    env: { SHOEBOX_WATCHER: process.env.SHOEBOX_WATCHER },
    mode: 'browser',
    log: silentLog,
  });
  await waitFor(
    'the catch-up scan and watchers',
    async () => (await core.api['folders.list']({})).every((f) => f.state === 'watching') || undefined,
    { timeoutMs: 1_800_000, intervalMs: 20 },
  );
  const seconds = (performance.now() - start) / 1000;
  const [folder] = await core.api['folders.list']({});
  console.log(
    JSON.stringify({ mode, baselineRssMb, seconds, photos: folder?.photoCount, ...(await settledRss()) }),
  );
  await core.stop();
}
process.exit(0);
