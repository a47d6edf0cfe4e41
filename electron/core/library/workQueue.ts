/**
 * Runs async tasks at most `limit` at a time. Producers await `room()` before adding, so a walk over
 * 100k files never holds more than a handful of pending tasks in memory.
 */
export class WorkQueue {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  get busy(): boolean {
    return this.#running > 0 || this.#waiting.length > 0;
  }

  /** Resolves once fewer than `limit * 4` tasks are queued or running. */
  async room(): Promise<void> {
    while (this.#running + this.#waiting.length >= this.#limit * 4) await this.#nextSettled();
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.#running--;
            this.#waiting.shift()?.();
            this.#notify();
          });
      };
      if (this.#running < this.#limit) start();
      else this.#waiting.push(start);
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.busy) await this.#nextSettled();
  }

  #settledWaiters: Array<() => void> = [];
  #nextSettled(): Promise<void> {
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }
  #notify(): void {
    const waiters = this.#settledWaiters;
    this.#settledWaiters = [];
    for (const wake of waiters) wake();
  }
}
