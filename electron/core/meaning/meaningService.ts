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

/**
 * Which encoder, fed which text, wrote a vector; vectors of another are written again ("use-lite-512" read
 * captions with their case, see caseFolded in sentenceEncoder.ts).
 */
export const ENCODER_NAME = 'use-lite-512-lowercase';

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
  /** How long to leave the encoder, or the vectors' writes, alone after they failed (ms). */
  retryMs?: number;
  /**
   * Whether there is room to write vectors now. They are an extra beside the user's own data, so on a nearly
   * full disk they wait (the captions stay queued) and leave the room to captions and thumbnails.
   */
  roomToWrite?: () => boolean;
  /**
   * Whether captions are in a language the encoder reads (it learnt English only): in another, search goes by
   * words alone and no vector is written, until captions are asked for in English again.
   */
  inUse?: () => boolean;
  /**
   * Told when the encoder fails (search then goes by words alone for a while) or vectors cannot be saved (a
   * full disk: the captions keep their place in the queue and are tried again later).
   */
  onFailure?: (reason: string) => void;
}

export interface MeaningService {
  /** Starts the background pass; it runs whenever captions wait for a vector. */
  start(): void;
  /** Captions changed: give them their vectors now rather than at the next poll. */
  wake(): void;
  /** Resolves once no caption waits (or the encoder failed): tests and benchmarks wait on it. */
  idle(): Promise<void>;
  /** Resolves once every stored vector is in the index. */
  loaded(): Promise<void>;
  /** Whether the encoder's process is running now. */
  readonly encoderRunning: boolean;
  status(): MeaningStatus;
  /** The query's vector, or null when search goes by words alone. */
  queryVector(text: string): Promise<Float32Array | null>;
  nearest(vector: Float32Array, limit: number): Neighbour[];
  close(): Promise<void>;
}

/** Background priority (nice 10): a search's query waits for the CPU only while the app's own work is busy. */
const ENCODER_NICENESS = 10;

export function createMeaningService(db: Database, options: MeaningOptions = {}): MeaningService {
  const encoder = new ChildWorker<EncoderMethods>(entry(), {
    idleMs: options.idleMs ?? ENCODER_IDLE_MS,
    maxOldSpaceMb: ENCODER_HEAP_MB,
    // Indexing new captions can wait; the caption requests, the scan and the window's answers cannot.
    niceness: ENCODER_NICENESS,
  });
  const pollMs = options.pollMs ?? POLL_MS;
  const onFailure = options.onFailure ?? (() => undefined);
  const retryMs = options.retryMs ?? RETRY_MS;
  const roomToWrite = options.roomToWrite ?? (() => true);
  const inUse = options.inUse ?? (() => true);
  let writesPausedUntil = 0;
  const queries = new Map<string, Promise<Float32Array>>();
  let index: MeaningIndex | undefined;
  let unavailable: string | null = null;
  let retryAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  /**
   * The index, read from SQLite a page per turn of the event loop (a million photos' codes take seconds),
   * so the app answers meanwhile and a search sees the photos read so far.
   */
  function indexFor(): MeaningIndex {
    if (!index) {
      const loading = new MeaningIndex();
      index = loading;
      const next = () => {
        if (!closed && loading.loadPage(db, ENCODER_NAME)) setImmediate(next);
      };
      next();
    }
    return index;
  }

  /** After a failure the encoder is left alone for a while, then tried again (a crash may not recur). */
  const failedRecently = () => unavailable !== null && Date.now() < retryAt;

  async function embed(texts: string[]): Promise<Float32Array[]> {
    try {
      const vectors = await encoder.call('embed', texts);
      unavailable = null;
      return vectors;
    } catch (error) {
      if (!closed) {
        unavailable = error instanceof Error ? error.message : String(error);
        retryAt = Date.now() + retryMs;
        onFailure(unavailable);
      }
      throw error;
    }
  }

  async function indexWaiting(): Promise<void> {
    const into = indexFor();
    while (!closed && roomToWrite()) {
      const batch = waitingCaptions(db, BATCH);
      if (batch.length === 0) return;
      const texts = batch.filter((row) => row.caption !== null && row.caption.trim() !== '');
      for (const row of batch) if (!texts.includes(row)) dropWaiting(db, row.id);
      if (texts.length === 0) continue;
      let vectors: Float32Array[];
      try {
        vectors = await embed(texts.map((row) => row.caption!));
      } catch {
        return;
      }
      if (closed || !roomToWrite()) return;
      db.transaction(() => {
        texts.forEach((row, i) => {
          const stored = storedVector(vectors[i]!);
          if (saveVector(db, row.id, row.caption!, ENCODER_NAME, stored)) into.add(row.id, stored.code);
        });
      })();
    }
  }

  const service: MeaningService = {
    start() {
      try {
        requeueOtherEncoders(db, ENCODER_NAME);
      } catch (error) {
        // A full disk at start: those vectors are requeued at the next start; search runs meanwhile.
        onFailure(`vectors of another encoder could not be queued again: ${String(error)}`);
      }
      service.wake();
    },
    wake() {
      if (closed) return;
      clearTimeout(timer);
      const later = (ms: number) => {
        timer = setTimeout(() => service.wake(), ms);
        timer.unref();
      };
      // While paused after a failure, a wake only moves the next look to the pause's end (a timer may fire a
      // millisecond before it, by the clock it is compared with): the pass is never dropped.
      const pausedFor = Math.max(writesPausedUntil, failedRecently() ? retryAt : 0) - Date.now();
      if (pausedFor > 0) return later(pausedFor + 1);
      if (!inUse()) return later(pollMs);
      running ??= indexWaiting()
        .catch((error: unknown) => {
          // Reading the queue or saving vectors failed (a full disk, a locked file): nothing is lost, the
          // captions stay queued, and the pass is tried again after a while rather than every few seconds.
          writesPausedUntil = Date.now() + retryMs;
          onFailure(`the sentence vectors could not be saved: ${String(error)}`);
        })
        .finally(() => {
          running = undefined;
          if (closed) return;
          const failed = unavailable !== null || Date.now() < writesPausedUntil;
          later(failed ? retryMs : pollMs);
        });
    },
    async idle() {
      while (running) await running;
    },
    async loaded() {
      const loading = indexFor();
      while (!loading.loaded && !closed) await new Promise((resolve) => setImmediate(resolve));
    },
    get encoderRunning() {
      return encoder.running;
    },
    status() {
      return { indexed: index?.size ?? 0, waiting: countWaitingCaptions(db), unavailable };
    },
    async queryVector(text) {
      if (!inUse() || failedRecently() || indexFor().size === 0) return null;
      const key = text.trim().toLowerCase();
      let vector = queries.get(key);
      if (!vector) {
        if (queries.size >= QUERY_MEMO) queries.clear();
        vector = embed([key]).then(([only]) => only!);
        queries.set(key, vector);
      }
      try {
        return await vector;
      } catch {
        queries.delete(key);
        return null;
      }
    },
    nearest: (vector, limit) => indexFor().nearest(db, vector, limit),
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
      await encoder.close();
    },
  };
  return service;
}
