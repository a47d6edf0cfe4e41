import { availableParallelism } from 'node:os';
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';
import { answerCalls, transfersIn, type CallReply, type CallRequest, type Methods } from './callProtocol';

/** Run inside a worker: answers the pool's calls with `methods`. */
export function serveWorker(methods: Methods): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs only inside a worker thread');
  port.on(
    'message',
    answerCalls(methods, (reply) => port.postMessage(reply, transfersIn(reply.result))),
  );
}

/** The worker itself failed (could not start, died), not the call: the caller may do the work itself. */
export class WorkerThreadError extends Error {}

/**
 * A worker accepts module loaders but not every flag of the main process (`npm run serve` passes
 * --max-semi-space-size=1, which a worker refuses): it gets the loaders only, and tsx for a source entry.
 */
function workerExecArgv(entry: URL): string[] {
  const loaders: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if ((arg === '--import' || arg === '--require') && i + 1 < argv.length) loaders.push(arg, argv[++i]!);
    else if (/^--(import|require)=/.test(arg)) loaders.push(arg);
    // A profiled process profiles its workers too, each into a file of its own.
    else if (/^--cpu-prof(-dir=.*|-interval=.*)?$/.test(arg)) loaders.push(arg);
  }
  if (entry.pathname.endsWith('.ts') && !loaders.some((arg) => arg.includes('tsx'))) {
    loaders.push('--import', 'tsx');
  }
  return loaders;
}

interface Slot {
  worker: Worker;
  busy: number;
  /** Ends the worker once it has had nothing to do for a while. */
  idleTimer?: NodeJS.Timeout | undefined;
}

/**
 * Hashing is mostly waiting for the disk and libvips does the thumbnails on threads of its own, so a couple of
 * workers keep up with any disk; each more would be another V8 heap resident for the length of a scan.
 */
export const MAX_POOL_SIZE = 2;

/** A worker with nothing to do for this long (ms) ends: a library that is only being watched holds none. */
export const DEFAULT_IDLE_MS = 3_000;

/**
 * Small heaps: a worker's calls hold a few buffers at a time, and V8's defaults would let every worker's
 * young generation alone grow to tens of megabytes.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

export interface WorkerPoolOptions {
  /** Workers at most (default: one per core but one, at most MAX_POOL_SIZE). */
  size?: number | undefined;
  idleMs?: number | undefined;
  /** The worker's heap limits (default: the small heaps above, for calls that hold a few buffers). */
  resourceLimits?: ResourceLimits | undefined;
}

/**
 * CPU work (hashing, parsing) on worker threads, so the main thread stays free for the API and the window.
 * Workers start on first use and end after a while with nothing to do, each call goes to the least busy one,
 * and a worker that dies fails only its own calls (the next call starts a new one). A source entry (`.ts`, tests and `npm run serve`) loads through tsx.
 */
export class WorkerPool<M extends Methods> {
  readonly #entry: URL;
  readonly #size: number;
  readonly #slots: Slot[] = [];
  readonly #waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; slot: Slot }
  >();
  readonly #idleMs: number;
  readonly #limits: ResourceLimits;
  #nextId = 1;
  #closed = false;

  constructor(entry: URL, options: WorkerPoolOptions = {}) {
    this.#entry = entry;
    this.#size = options.size ?? Math.min(MAX_POOL_SIZE, Math.max(1, availableParallelism() - 1));
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.#limits = options.resourceLimits ?? WORKER_LIMITS;
  }

  /** Workers running now (started on first use, ended when idle). */
  get running(): number {
    return this.#slots.length;
  }

  call<K extends keyof M & string>(method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    if (this.#closed) return Promise.reject(new WorkerThreadError('the worker pool is closed'));
    let slot: Slot;
    try {
      slot = this.#pick();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const id = this.#nextId++;
    // Referenced only while it has work: an idle pool never keeps the process alive.
    if (slot.busy++ === 0) {
      slot.worker.ref();
      clearTimeout(slot.idleTimer);
    }
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, slot });
      slot.worker.postMessage({ id, method, args } satisfies CallRequest, transfersIn(args));
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    for (const slot of slots) clearTimeout(slot.idleTimer);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #pick(): Slot {
    const idle = this.#slots.reduce<Slot | undefined>(
      (best, s) => (!best || s.busy < best.busy ? s : best),
      undefined,
    );
    if (idle && (idle.busy === 0 || this.#slots.length >= this.#size)) return idle;
    return this.#start();
  }

  #idle(slot: Slot): void {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      if (slot.busy > 0) return;
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      void slot.worker.terminate();
    }, this.#idleMs);
    slot.idleTimer.unref();
  }

  #start(): Slot {
    let worker: Worker;
    try {
      worker = new Worker(this.#entry, {
        execArgv: workerExecArgv(this.#entry),
        resourceLimits: this.#limits,
      });
    } catch (error) {
      throw new WorkerThreadError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    worker.unref();
    const slot: Slot = { worker, busy: 0 };
    this.#slots.push(slot);
    worker.on('message', (reply: CallReply) => {
      const waiter = this.#waiting.get(reply.id);
      if (!waiter) return;
      this.#waiting.delete(reply.id);
      if (--waiter.slot.busy === 0) this.#idle(waiter.slot);
      if (reply.error !== undefined) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.result);
    });
    const fail = (cause: Error) => {
      const error =
        cause instanceof WorkerThreadError ? cause : new WorkerThreadError(cause.message, { cause });
      clearTimeout(slot.idleTimer);
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      for (const [id, waiter] of this.#waiting) {
        if (waiter.slot !== slot) continue;
        this.#waiting.delete(id);
        waiter.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new WorkerThreadError(`a worker thread stopped (exit code ${code})`)));
    return slot;
  }
}
