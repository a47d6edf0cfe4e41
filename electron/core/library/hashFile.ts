import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Files up to this size (any ordinary JPEG, PNG or HEIC) are read whole once, and that one read feeds the
 * hash, the probe and the decode; with four photos in flight that is at most 64 MB of bytes held.
 */
export const WHOLE_READ_MAX_BYTES = 16 * 1024 * 1024;

export interface ReadPhoto {
  /** sha256 of the bytes, hex. */
  hash: string;
  /** The bytes that were hashed, or null for a file too large to hold (it is read again where it is needed). */
  bytes: Buffer | null;
}

async function hashChunks(file: FileHandle, hash: ReturnType<typeof createHash>): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
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
    const { size } = await file.stat();
    if (size > maxBytes) {
      await hashChunks(file, hash);
      return { hash: hash.digest('hex'), bytes: null };
    }
    // One byte more than the size: a file that grew since the stat is read to its end, not cut short.
    let bytes = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    for (;;) {
      if (filled === bytes.length) {
        if (bytes.length > maxBytes) {
          hash.update(bytes.subarray(0, filled));
          await hashChunks(file, hash);
          return { hash: hash.digest('hex'), bytes: null };
        }
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, bytes.length * 2));
        bytes.copy(grown, 0, 0, filled);
        bytes = grown;
      }
      const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const whole = bytes.subarray(0, filled);
    hash.update(whole);
    return { hash: hash.digest('hex'), bytes: whole };
  } finally {
    await file.close();
  }
}
