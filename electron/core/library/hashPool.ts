import { WorkerPool, WorkerThreadError, type WorkerPoolOptions } from '../workerPool';
import { hashFile } from './hashFile';

type HashMethods = { hashFile: typeof hashFile };

/** Beside this module in the sources (tsx, tests), beside the main bundle once built. */
function entry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './hashWorker.ts' : './hashWorker.js', here);
}

export interface HashPool {
  hash(path: string): Promise<string>;
  close(): Promise<void>;
  /** False once the workers failed and hashing runs on this thread. */
  readonly offThread: boolean;
}

/**
 * sha256 of files on worker threads: a 5 MB photo's hash is milliseconds of CPU the main thread keeps. Where
 * workers cannot run (a packaging that cannot start them), hashing goes on here rather than failing photos.
 * A size of 0 hashes here from the start.
 */
export function createHashPool(size?: number, options: Omit<WorkerPoolOptions, 'size'> = {}): HashPool {
  const pool = new WorkerPool<HashMethods>(entry(), { ...options, size });
  let offThread = size !== 0;
  return {
    async hash(path) {
      if (!offThread) return hashFile(path);
      try {
        return await pool.call('hashFile', path);
      } catch (error) {
        if (!(error instanceof WorkerThreadError)) throw error;
        offThread = false;
        return hashFile(path);
      }
    },
    close: () => pool.close(),
    get offThread() {
      return offThread;
    },
  };
}
