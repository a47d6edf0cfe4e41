import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { readWholeOf } from '../imaging/byteReader';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Files up to this size (any ordinary JPEG, PNG or HEIC) are read whole once, and that one read feeds the
 * hash, the probe and the decode; ingest bounds the bytes its photos in flight hold at once (ByteBudget).
 */
export const WHOLE_READ_MAX_BYTES = 16 * 1024 * 1024;

export interface ReadPhoto {
  /** sha256 of the bytes, hex. */
  hash: string;
  /** The bytes that were hashed, or null for a file too large to hold (it is read again where it is needed). */
  bytes: Buffer | null;
}

/** Hashes the file from `from` to its end. Positional reads: the file's own position is never moved. */
async function hashChunks(file: FileHandle, hash: ReturnType<typeof createHash>, from = 0): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let position = from; ;) {
    const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

/**
 * sha256 of a file's bytes, hex. Read through one reused buffer: a stream hands over a new buffer per chunk,
 * and a gigabyte-sized file then leaves hundreds of megabytes of them waiting for a collection.
 */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    await hashChunks(file, hash);
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/**
 * The hash of a file and, when it is at most `maxBytes`, the bytes hashed: ingest decodes those very bytes
 * instead of opening the file four more times (and a file rewritten meanwhile cannot mix two versions).
 */
export async function readPhoto(path: string, maxBytes = WHOLE_READ_MAX_BYTES): Promise<ReadPhoto> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    const read = await readWholeOf(file, maxBytes);
    if ('whole' in read) return { hash: hash.update(read.whole).digest('hex'), bytes: read.whole };
    // Too large to hold: what was read is hashed, and the rest after it.
    hash.update(read.partial);
    await hashChunks(file, hash, read.partial.length);
    return { hash: hash.digest('hex'), bytes: null };
  } finally {
    await file.close();
  }
}
