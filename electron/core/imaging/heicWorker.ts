// libheif, as heic-decode's WASM build, decodes a 12-megapixel HEIC in about half a second of pure
// JavaScript time; on the main thread that is half a second in which no request is answered. It runs in
// one worker thread instead, started on first use and ended when idle: a WebAssembly memory only grows, so a
// worker kept after one 12-megapixel photo would hold its hundred-odd megabytes for as long as Shoebox runs.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface DecodedHeic {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type HeicResult =
  | { kind: 'decoded'; image: DecodedHeic }
  | { kind: 'too-large'; width: number; height: number }
  | { kind: 'failed'; message: string };

interface Reply {
  id: number;
  width?: number;
  height?: number;
  data?: Uint8ClampedArray;
  tooLarge?: boolean;
  error?: string;
}

// Plain JavaScript evaluated as the worker, so it needs no build step of its own in either the tsx-run
// server or the bundled Electron app; heic-decode is loaded by the path the main side resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const heic = require(workerData.modulePath);
parentPort.on('message', async ({ id, buffer, maxPixels }) => {
  let images;
  try {
    images = await heic.all({ buffer });
    const first = images[0];
    if (!first) throw new Error('no image in the file');
    if (first.width * first.height > maxPixels) {
      parentPort.postMessage({ id, width: first.width, height: first.height, tooLarge: true });
      return;
    }
    const out = await first.decode();
    parentPort.postMessage({ id, width: out.width, height: out.height, data: out.data }, [out.data.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  } finally {
    if (images) images.dispose();
  }
});
`;

const modulePath = createRequire(import.meta.url).resolve('heic-decode');

/**
 * A decoder with nothing to do for this long (ms) ends; the next HEIC starts a fresh one. Long enough that a
 * scan and the captioning after it share one (a fresh memory has to grow again, which costs the peak as much
 * as keeping it), short enough that a library at rest holds none.
 */
const IDLE_MS = 30_000;

export class HeicWorker {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly idleMs = IDLE_MS) {}

  /** A decoder thread is running (started by a decode, ended once idle). */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * One photo at a time: the decoder is one thread either way, and each photo decoding at once would grow its
   * WebAssembly memory by another decoded picture (about 40 MB for 12 megapixels).
   */
  decode(buffer: Uint8Array, maxPixels: number): Promise<HeicResult> {
    const decoded = this.queue.then(() => this.decodeNow(buffer, maxPixels));
    this.queue = decoded;
    return decoded;
  }

  private decodeNow(buffer: Uint8Array, maxPixels: number): Promise<HeicResult> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<HeicResult>((resolve) => {
      this.pending.set(id, (reply) => resolve(toResult(reply)));
      clearTimeout(this.idleTimer);
      worker.ref();
      worker.postMessage({ id, buffer, maxPixels });
    });
  }

  private idle(worker: Worker): void {
    worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath } });
    worker.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.idle(worker);
    });
    // A crash of libheif takes the worker, not the app: every photo it held fails with the reason and the
    // next one starts a fresh worker.
    const fail = (message: string) => {
      // A decoder ended for idleness held nothing; photos pending now belong to its successor.
      if (this.worker !== worker) return;
      this.worker = null;
      for (const [id, settle] of this.pending) settle({ id, error: message });
      this.pending.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`the HEIC decoder stopped (exit code ${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

function toResult(reply: Reply): HeicResult {
  if (reply.error !== undefined) return { kind: 'failed', message: reply.error };
  if (reply.tooLarge) return { kind: 'too-large', width: reply.width!, height: reply.height! };
  return { kind: 'decoded', image: { width: reply.width!, height: reply.height!, data: reply.data! } };
}

export const heicWorker = new HeicWorker();
