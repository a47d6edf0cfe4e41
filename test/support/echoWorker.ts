// A worker entry for the worker pool's own tests: tells its thread, fails on request, or dies.
import { threadId } from 'node:worker_threads';
import { serveWorker } from '../../electron/core/workerPool';

serveWorker({
  threadId: async () => threadId,
  fail: async (why: string) => {
    throw new Error(why);
  },
  die: async () => process.exit(3),
});
