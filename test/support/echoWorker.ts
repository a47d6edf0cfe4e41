// A worker entry for the worker pool's own tests: tells its thread, fails on request, dies, or sums and makes
// bytes (handed over or copied).
import { threadId } from 'node:worker_threads';
import { handOver } from '../../electron/core/callProtocol';
import { serveWorker } from '../../electron/core/workerPool';

/** The last buffer `make` answered with, still referenced here: empty once it was moved away. */
let lastMade: Buffer | null = null;

serveWorker({
  threadId: async () => threadId,
  fail: async (why: string) => {
    throw new Error(why);
  },
  die: async () => process.exit(3),
  sum: async (bytes: Uint8Array) => bytes.reduce((total, byte) => total + byte, 0),
  make: async (size: number, give: boolean) => {
    lastMade = Buffer.allocUnsafeSlow(size).fill(7);
    return { bytes: give ? handOver(lastMade) : lastMade };
  },
  lastMadeLength: async () => lastMade?.byteLength ?? -1,
});
