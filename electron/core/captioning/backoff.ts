export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1000, maxMs: 60_000 };

/** Exponential delay with jitter: spreads retries of parallel workers so they don't hit the provider together. */
export function backoffDelay(settings: BackoffSettings, attempt: number, random: () => number): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

interface SleepHandle {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

/** Waits the queue's workers can be woken from all at once, so pause and stop take effect at once. */
export interface Sleepers {
  sleep(ms: number): Promise<void>;
  interruptAll(): void;
}

export function createSleepers(isStopped: () => boolean): Sleepers {
  const sleepers = new Set<SleepHandle>();
  return {
    sleep(ms) {
      if (ms <= 0 || isStopped()) return Promise.resolve();
      return new Promise((resolve) => {
        const handle: SleepHandle = {
          timer: setTimeout(() => {
            sleepers.delete(handle);
            resolve();
          }, ms),
          resolve,
        };
        sleepers.add(handle);
      });
    },
    interruptAll() {
      for (const handle of sleepers) {
        clearTimeout(handle.timer);
        handle.resolve();
      }
      sleepers.clear();
    },
  };
}
