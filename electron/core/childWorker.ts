// Work in a child process of its own, for work whose memory must not count against the app's process: the
// sentence encoder holds about 150–250 MB while it runs, which a worker thread would add to the main
// process. The child starts on first use and exits after a while with nothing to do, which returns all of its
// memory to the system; one that dies fails only the calls it had, and the next call starts another.
// Under Electron, `fork` runs the child on Electron's own Node.js (ELECTRON_RUN_AS_NODE), as it should.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { answerCalls, type CallReply, type CallRequest, type Methods } from './callProtocol';

/** Run inside the child: answers the parent's calls with `methods`. */
export function serveChild(methods: Methods): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveChild runs only in a forked child process');
  process.on(
    'message',
    answerCalls(methods, (reply) => send(reply)),
  );
  // The parent went away: so does the child.
  process.on('disconnect', () => process.exit(0));
}

/** The child failed (could not start, died), not the call. */
export class ChildWorkerError extends Error {}

export interface ChildWorkerOptions {
  idleMs: number;
  /** V8 heap of the child, in MB (its WebAssembly memory is outside it). */
  maxOldSpaceMb?: number;
  /**
   * A niceness above the app's for work that can wait (0 to 19): on a busy machine the child then takes
   * the cores the app's own work leaves. Where it cannot be set, the child runs at the app's priority.
   */
  niceness?: number;
}

export class ChildWorker<M extends Methods> {
  readonly #entry: URL;
  readonly #options: ChildWorkerOptions;
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #child: ChildProcess | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #nextId = 1;
  #closed = false;

  constructor(entry: URL, options: ChildWorkerOptions) {
    this.#entry = entry;
    this.#options = options;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** The running child's process id (what it names its scratch files by), if one runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  call<K extends keyof M & string>(method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    if (this.#closed) return Promise.reject(new ChildWorkerError('the child process is closed'));
    clearTimeout(this.#idleTimer);
    let child: ChildProcess;
    try {
      child = this.#child ?? this.#start();
    } catch (error) {
      return Promise.reject(new ChildWorkerError(error instanceof Error ? error.message : String(error)));
    }
    child.ref();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, method, args } satisfies CallRequest);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    await this.#stop();
  }

  #start(): ChildProcess {
    const path = fileURLToPath(this.#entry);
    const execArgv = path.endsWith('.ts') ? ['--import', 'tsx'] : [];
    if (this.#options.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${this.#options.maxOldSpaceMb}`);
    const child = fork(path, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    if (this.#options.niceness && child.pid !== undefined) {
      try {
        setPriority(child.pid, this.#options.niceness);
      } catch {
        // Not permitted here (or the child already ended): it runs at the app's priority.
      }
    }
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2_000);
    });
    child.on('message', (reply: CallReply) => {
      const waiter = this.#waiting.get(reply.id);
      if (!waiter) return;
      this.#waiting.delete(reply.id);
      if (reply.error !== undefined) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.result);
      if (this.#waiting.size === 0) this.#idle(child);
    });
    const fail = (message: string) => {
      if (this.#child === child) this.#child = undefined;
      const error = new ChildWorkerError(
        stderr.trim() ? `${message}: ${stderr.trim().split('\n').at(-1)}` : message,
      );
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    };
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => fail(`the child process stopped (${signal ?? `exit code ${code}`})`));
    this.#child = child;
    return child;
  }

  /** Unreferenced while idle, so an idle child never keeps the app's process alive. */
  #idle(child: ChildProcess): void {
    child.unref();
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => void this.#stop(), this.#options.idleMs);
    this.#idleTimer.unref();
  }

  async #stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // An idle child is unreferenced; its exit must still be waited for.
    child.ref();
    child.kill();
    await exited;
  }
}
