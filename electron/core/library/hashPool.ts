import { WorkerPool, WorkerThreadError, type WorkerPoolOptions } from '../workerPool';
import { hashFile, readPhoto, type ReadPhoto } from './hashFile';
import { decodedPixelHash } from '../grouping/fingerprint';
import { readFile } from 'node:fs/promises';
import { decodeForIngest, formatDecodedHere, type IngestDecode } from './ingestDecode';

type HashMethods = {
  hashFile: typeof hashFile;
  readPhoto: typeof readPhoto;
  decodeForIngest: typeof decodeForIngest;
  decodedPixelHash: typeof decodedPixelHash;
};

/** Beside this module in the sources (tsx, tests), beside the main bundle once built. */
function entry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './hashWorker.ts' : './hashWorker.js', here);
}

export interface HashPool {
  hash(path: string): Promise<string>;
  /** The hash and, for a file of ordinary size, the bytes hashed (see readPhoto). */
  read(path: string): Promise<ReadPhoto>;
  /** A new photo's probe, thumbnail and fingerprint from the bytes read (see decodeForIngest). */
  decode(
    path: string,
    bytes: Buffer,
    thumbnailPath: string,
    withFingerprint: boolean,
    withWords?: boolean,
  ): Promise<IngestDecode>;
  /** Grouping's identity check: the hash of an original's whole decoded pixels (see decodedPixelHash). */
  pixelHash(path: string): Promise<string>;
  close(): Promise<void>;
  /** False once the workers failed and hashing runs on this thread. */
  readonly offThread: boolean;
}

/**
 * sha256 of files, and the decode of new photos, on worker threads: a 5 MB photo's hash is milliseconds of CPU
 * the main thread keeps, and so is each sharp call's synchronous part. Where
 * workers cannot run (a packaging that cannot start them), hashing goes on here rather than failing photos.
 * A size of 0 hashes here from the start.
 */
export function createHashPool(size?: number, options: Omit<WorkerPoolOptions, 'size'> = {}): HashPool {
  const pool = new WorkerPool<HashMethods>(entry(), { ...options, size });
  let offThread = size !== 0;
  async function offOrHere<T>(there: () => Promise<T>, here: () => Promise<T>): Promise<T> {
    if (!offThread) return here();
    try {
      return await there();
    } catch (error) {
      if (!(error instanceof WorkerThreadError)) throw error;
      offThread = false;
      return here();
    }
  }
  return {
    hash: (path) =>
      offOrHere(
        () => pool.call('hashFile', path),
        () => hashFile(path),
      ),
    read: (path) =>
      offOrHere(
        async () => {
          const read = await pool.call('readPhoto', path);
          // A Buffer arrives from the worker as a plain Uint8Array.
          const bytes =
            read.bytes && Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
          return { hash: read.hash, bytes };
        },
        () => readPhoto(path),
      ),
    decode: async (path, given, thumbnailPath, withFingerprint, withWords = false) => {
      // Bytes handed over to a worker that died on the way are gone from here: the file is read again.
      const inHand = async (bytes: Buffer) => (bytes.byteLength > 0 ? bytes : await readFile(path));
      const bytes = await inHand(given);
      // A format left to the main thread's readers needs no trip, and keeps its bytes here.
      if (!formatDecodedHere(path, bytes)) return { kind: 'elsewhere' };
      return offOrHere(
        () => pool.call('decodeForIngest', path, bytes, thumbnailPath, withFingerprint, withWords),
        async () => decodeForIngest(path, await inHand(bytes), thumbnailPath, withFingerprint, withWords),
      );
    },
    pixelHash: (path) =>
      offOrHere(
        () => pool.call('decodedPixelHash', path),
        () => decodedPixelHash(path),
      ),
    close: () => pool.close(),
    get offThread() {
      return offThread;
    },
  };
}
