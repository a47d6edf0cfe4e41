import { AsyncLocalStorage } from 'node:async_hooks';

/** A running task's place in its queue, found again by `stepAside` through the task's async context. */
interface Slot {
  queue: WorkQueue;
  aside: boolean;
}

const currentSlot = new AsyncLocalStorage<Slot>();

/**
 * Runs async tasks at most `limit` at a time. Producers await `room()` before adding, so a walk over
 * 100k files never holds more than a handful of pending tasks in memory.
 *
 * A task that has done its heavy part and now only waits (a new photo waiting for its batch's commit) steps
 * aside: its slot goes to the next task, and it is counted apart, at most `asideLimit` of them, until it ends.
 * That lets one commit take many photos without holding as many decodes (and their bytes) in flight.
 */
export class WorkQueue {
  readonly #limit: number;
  readonly #asideLimit: number;
  #running = 0;
  #aside = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number, asideLimit = 0) {
    this.#limit = limit;
    this.#asideLimit = asideLimit;
  }

  get busy(): boolean {
    return this.#running > 0 || this.#aside > 0 || this.#waiting.length > 0;
  }

  /** Resolves once fewer than `limit * 4` tasks are queued or running, and room is left aside. */
  async room(): Promise<void> {
    while (
      this.#running + this.#waiting.length >= this.#limit * 4 ||
      (this.#asideLimit > 0 && this.#aside >= this.#asideLimit)
    )
      await this.#nextSettled();
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#running++;
        const slot: Slot = { queue: this, aside: false };
        currentSlot
          .run(slot, task)
          .then(resolve, reject)
          .finally(() => {
            if (slot.aside) this.#aside--;
            else this.#release();
            this.#notify();
          });
      };
      if (this.#running < this.#limit) start();
      else this.#waiting.push(start);
    });
  }

  /**
   * Called from inside a task of this queue: the task now only waits for `waiting`, so its slot goes to the
   * next task. Outside a task (or on a queue that keeps nothing aside) it simply waits.
   */
  stepAside<T>(waiting: Promise<T>): Promise<T> {
    const slot = currentSlot.getStore();
    if (!slot || slot.queue !== this || slot.aside || this.#asideLimit === 0) return waiting;
    slot.aside = true;
    this.#aside++;
    this.#release();
    this.#notify();
    return waiting;
  }

  #release(): void {
    this.#running--;
    this.#waiting.shift()?.();
  }

  /** Resolves when nothing is queued, running or waiting aside. */
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
