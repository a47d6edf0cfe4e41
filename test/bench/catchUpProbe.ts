// Child process for scaleCatchUp.bench.ts, so each catch-up starts cold as a restart does:
// `ingest ROOT DATA` adds ROOT to a new catalogue and waits for its first scan; `catch-up ROOT DATA` starts the
// core over an existing catalogue and prints the seconds (wall and CPU) from the core's start to every folder
// watching.
import { createCore } from '../../electron/core/createCore';
import { silentLog } from '../../electron/core/log';
import { waitFor } from '../support/waitFor';
import { longestBlock } from './benchSupport';

const [mode, root, dataDir] = process.argv.slice(2);

const start = performance.now();
const cpuAtStart = process.cpuUsage();
const mainCpuAtStart = process.threadCpuUsage();
const core = await createCore({
  dataDir: dataDir!,
  env: { SHOEBOX_WATCHER: process.env.SHOEBOX_WATCHER },
  mode: 'browser',
  log: silentLog,
});
try {
  // The longest the event loop went without a turn while the catch-up ran: how long an API call could wait.
  const { longestMs: longestBlockMs } = await longestBlock(async () => {
    if (mode === 'ingest') await core.api['folders.add']({ path: root! });
    await waitFor(
      'every folder watching',
      async () => {
        const folders = await core.api['folders.list']({});
        return (folders.length > 0 && folders.every((f) => f.state === 'watching')) || undefined;
      },
      { timeoutMs: 4 * 3600_000, intervalMs: mode === 'ingest' ? 1000 : 10 },
    );
  });
  const seconds = (performance.now() - start) / 1000;
  // Every thread's CPU (the watcher's and the thread pool's too): steadier than wall time on a shared machine.
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The main thread's own share: the rest is @parcel/watcher's crawl, the thread pool and workers.
  const mainCpu = process.threadCpuUsage(mainCpuAtStart);
  const mainCpuSeconds = (mainCpu.user + mainCpu.system) / 1e6;
  const [folder] = await core.api['folders.list']({});
  console.log(
    JSON.stringify({ mode, seconds, cpuSeconds, mainCpuSeconds, longestBlockMs, photos: folder?.photoCount }),
  );
} finally {
  await core.stop();
}
process.exit(0);
