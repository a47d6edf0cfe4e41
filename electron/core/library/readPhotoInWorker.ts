// readPhoto as the hash pool's worker runs it: an ordinary photo read whole with blocking file calls (open,
// size, read, close), which in a thread of its own cost nothing, instead of five trips through libuv's thread
// pool, which the sharp pipelines share. A file too large to hold takes readPhoto's own path: hashing a large
// file in chunks keeps the worker free for other photos between its reads.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { handOver } from '../callProtocol';
import { readPhoto, WHOLE_READ_MAX_BYTES, type ReadPhoto } from './hashFile';

export async function readPhotoInWorker(path: string, maxBytes = WHOLE_READ_MAX_BYTES): Promise<ReadPhoto> {
  const whole = readWholeBlocking(path, maxBytes);
  if (!whole) return readPhoto(path, maxBytes);
  // Moved to the main thread, not copied: the worker has no use for them once hashed.
  return { hash: createHash('sha256').update(whole).digest('hex'), bytes: handOver(whole) };
}

/** The file's bytes, or null when it is larger than `maxBytes` (also when it grew past it); throws for no file. */
function readWholeBlocking(path: string, maxBytes: number): Buffer | null {
  // Not blocking on the open: a FIFO named like a photo would otherwise hold the thread waiting for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    if (info.size > maxBytes) return null;
    // One byte past what the size says, to notice a file that has grown since.
    const bytes = Buffer.allocUnsafeSlow(info.size + 1);
    let filled = 0;
    for (;;) {
      if (filled === bytes.length) return null;
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) return bytes.subarray(0, filled);
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
}
