// Search by meaning for one catalogue: the encoder in a child process (started on first use, ended after a
// few idle minutes), the in-memory index of sign codes, and the background pass that gives each new or
// changed caption its vector. Everything here is a help to search, never a condition of it: if the encoder
// cannot run, searches go on by words alone and the reason is kept for the status.
import type { Database } from 'better-sqlite3';
import { ChildWorker } from '../childWorker';
import {
  countWaitingCaptions,
  dropWaiting,
  requeueOtherEncoders,
  saveVector,
  waitingCaptions,
} from '../stores/captionVectorsStore';
import { MeaningIndex, type Neighbour } from './meaningIndex';
import { storedVector } from './vectorCodes';

/** Which encoder wrote a vector; vectors of another one are written again. */
export const ENCODER_NAME = 'use-lite-512';

type EncoderMethods = { embed(texts: string[]): Promise<Float32Array[]> };

/** Beside this module in the sources (tsx, tests), beside the main bundle once built. */
function entry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './meaningWorker.ts' : './meaningWorker.js', here);
}

/** Captions embedded per call: small enough that a search's query waits behind at most one batch. */
const BATCH = 16;
const QUERY_MEMO = 200;
/** How often the indexer looks for captions without a vector when nothing woke it. */
const POLL_MS = 5_000;
/** How long search goes by words alone after the encoder failed, before it is tried again. */
const RETRY_MS = 60_000;
/** The encoder's weights and working memory (about 150 MB) are kept this long after the last use. */
const ENCODER_IDLE_MS = 3 * 60_000;
/** WebAssembly memory lives outside the V8 heap; the heap itself holds the graph and a batch. */
const ENCODER_HEAP_MB = 256;

export interface MeaningStatus {
  indexed: number;
  waiting: number;
  /** Why search is by words alone, when it is. */
  unavailable: string | null;
}

export interface MeaningOptions {
  idleMs?: number;
  pollMs?: number;
  /** Told when the encoder fails (search then goes by words alone for a while). */
  onFailure?: (reason: string) => void;
}

export class MeaningService {
  readonly #db: Database;
  readonly #encoder: ChildWorker<EncoderMethods>;
  readonly #pollMs: number;
  readonly #onFailure: (reason: string) => void;
  readonly #queries = new Map<string, Promise<Float32Array>>();
  #index: MeaningIndex | undefined;
  #unavailable: string | null = null;
  #retryAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(db: Database, options: MeaningOptions = {}) {
    this.#db = db;
    this.#encoder = new ChildWorker<EncoderMethods>(entry(), {
      idleMs: options.idleMs ?? ENCODER_IDLE_MS,
      maxOldSpaceMb: ENCODER_HEAP_MB,
    });
    this.#pollMs = options.pollMs ?? POLL_MS;
    this.#onFailure = options.onFailure ?? (() => undefined);
  }

  /** Starts the background pass; it runs whenever captions wait for a vector. */
  start(): void {
    requeueOtherEncoders(this.#db, ENCODER_NAME);
    this.wake();
  }

  /** Captions changed: give them their vectors now rather than at the next poll. */
  wake(): void {
    if (this.#closed || this.#failedRecently()) return;
    clearTimeout(this.#timer);
    this.#running ??= this.#indexWaiting().finally(() => {
      this.#running = undefined;
      if (this.#closed) return;
      this.#timer = setTimeout(() => this.wake(), this.#unavailable === null ? this.#pollMs : RETRY_MS);
      this.#timer.unref();
    });
  }

  /** Resolves once no caption waits (or the encoder failed): tests and benchmarks wait on it. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Resolves once every stored vector is in the index. */
  async loaded(): Promise<void> {
    const index = this.#indexFor();
    while (!index.loaded && !this.#closed) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Whether the encoder's process is running now. */
  get encoderRunning(): boolean {
    return this.#encoder.running;
  }

  status(): MeaningStatus {
    return {
      indexed: this.#index?.size ?? 0,
      waiting: countWaitingCaptions(this.#db),
      unavailable: this.#unavailable,
    };
  }

  /** The query's vector, or null when search goes by words alone. */
  async queryVector(text: string): Promise<Float32Array | null> {
    if (this.#failedRecently() || this.#indexFor().size === 0) return null;
    const key = text.trim().toLowerCase();
    let vector = this.#queries.get(key);
    if (!vector) {
      if (this.#queries.size >= QUERY_MEMO) this.#queries.clear();
      vector = this.#embed([key]).then(([only]) => only!);
      this.#queries.set(key, vector);
    }
    try {
      return await vector;
    } catch {
      this.#queries.delete(key);
      return null;
    }
  }

  nearest(vector: Float32Array, limit: number): Neighbour[] {
    return this.#indexFor().nearest(this.#db, vector, limit);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.#encoder.close();
  }

  /**
   * The index, read from SQLite a page per turn of the event loop (a million photos' codes take seconds),
   * so the app answers meanwhile and a search sees the photos read so far.
   */
  #indexFor(): MeaningIndex {
    if (!this.#index) {
      const index = new MeaningIndex();
      this.#index = index;
      const next = () => {
        if (!this.#closed && index.loadPage(this.#db, ENCODER_NAME)) setImmediate(next);
      };
      next();
    }
    return this.#index;
  }

  /** After a failure the encoder is left alone for a while, then tried again (a crash may not recur). */
  #failedRecently(): boolean {
    return this.#unavailable !== null && Date.now() < this.#retryAt;
  }

  async #embed(texts: string[]): Promise<Float32Array[]> {
    try {
      const vectors = await this.#encoder.call('embed', texts);
      this.#unavailable = null;
      return vectors;
    } catch (error) {
      if (!this.#closed) {
        this.#unavailable = error instanceof Error ? error.message : String(error);
        this.#retryAt = Date.now() + RETRY_MS;
        this.#onFailure(this.#unavailable);
      }
      throw error;
    }
  }

  async #indexWaiting(): Promise<void> {
    const index = this.#indexFor();
    while (!this.#closed) {
      const batch = waitingCaptions(this.#db, BATCH);
      if (batch.length === 0) return;
      const texts = batch.filter((row) => row.caption !== null && row.caption.trim() !== '');
      for (const row of batch) if (!texts.includes(row)) dropWaiting(this.#db, row.id);
      if (texts.length === 0) continue;
      let vectors: Float32Array[];
      try {
        vectors = await this.#embed(texts.map((row) => row.caption!));
      } catch {
        return;
      }
      if (this.#closed) return;
      this.#db.transaction(() => {
        texts.forEach((row, i) => {
          const stored = storedVector(vectors[i]!);
          if (saveVector(this.#db, row.id, row.caption!, ENCODER_NAME, stored))
            index.add(row.id, stored.code);
        });
      })();
    }
  }
}
