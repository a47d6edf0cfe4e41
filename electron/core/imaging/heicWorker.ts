// libheif, as heic-decode's WASM build, decodes a 12-megapixel HEIC in about half a second of pure
// JavaScript time; on the main thread that is half a second in which no request is answered. It runs in
// one worker thread instead, started on first use and let go of when idle.
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

class HeicWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  decode(buffer: Uint8Array, maxPixels: number): Promise<HeicResult> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<HeicResult>((resolve) => {
      this.pending.set(id, (reply) => resolve(toResult(reply)));
      worker.ref();
      worker.postMessage({ id, buffer, maxPixels });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath } });
    worker.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
    });
    // A crash of libheif takes the worker, not the app: every photo it held fails with the reason and the
    // next one starts a fresh worker.
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = null;
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
