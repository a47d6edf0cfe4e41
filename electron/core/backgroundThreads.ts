// The process's background threads at a lower scheduling priority than its main thread, on Linux, where a
// thread's nice value is its own. The main thread answers the window and the API; during a scan the hash
// worker, libuv's thread pool and libvips' threads keep both cores busy, and at equal priority a search
// waited for its share of a core behind them. Lowered, they still get every cycle the main thread leaves.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The threads that do the background work, by the names their runtimes give them (`/proc/.../comm`). */
const BACKGROUND_THREAD = /^(WorkerThread|libuv-worker|libvips worker|vips)/;

/** How much lower: at 5 below, a main thread that wants a core gets three times a background thread's share. */
export const BACKGROUND_NICE = 5;
/** The lowest priority there is. */
const NICEST = 19;

export interface BackgroundThreads {
  /** Lowers the background threads started since the last call; the count lowered now. */
  lowerNew(): number;
}

/**
 * Remembers the threads it lowered (threads are made as work needs them: callers look again now and then).
 * Where there is no `/proc` (macOS, Windows) or a thread refuses, nothing changes: priority is a nicety.
 */
export function createBackgroundThreads(procDir = '/proc/self/task'): BackgroundThreads {
  const lowered = new Set<number>();
  return {
    lowerNew() {
      let tids: string[];
      try {
        tids = readdirSync(procDir);
      } catch {
        return 0;
      }
      // Below the main thread, whatever it runs at (a user's `nice shoebox`), and never raised.
      const target = Math.min(NICEST, getPriority(process.pid) + BACKGROUND_NICE);
      let count = 0;
      const alive = new Set<number>();
      for (const name of tids) {
        const tid = Number(name);
        alive.add(tid);
        if (tid === process.pid || lowered.has(tid)) continue;
        let comm: string;
        try {
          comm = readFileSync(`${procDir}/${name}/comm`, 'utf8').trim();
        } catch {
          continue;
        }
        if (!BACKGROUND_THREAD.test(comm)) continue;
        try {
          if (getPriority(tid) < target) setPriority(tid, target);
          lowered.add(tid);
          count++;
        } catch {
          // Gone meanwhile, or not ours to change.
        }
      }
      // A thread id is reused once its thread ends: the ended ones are forgotten.
      for (const tid of lowered) if (!alive.has(tid)) lowered.delete(tid);
      return count;
    },
  };
}
