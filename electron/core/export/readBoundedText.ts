// Reads a small text file (a sidecar) without trusting its size: a file over the limit is not read at all,
// and one that grew past it since its size was checked is caught too.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

export const TOO_LARGE = Symbol('too large');

/** The file's text, or TOO_LARGE; rejects when it is missing or not a regular file. */
export async function readBoundedText(path: string, maxBytes: number): Promise<string | typeof TOO_LARGE> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    if (info.size > maxBytes) return TOO_LARGE;
    // One byte past what the size says, to notice a file that has grown since.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) return TOO_LARGE;
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * readBoundedText on the calling thread. Opened without blocking, so a FIFO named like a sidecar cannot hold
 * the thread waiting for a writer (it is then refused as not a file).
 */
export function readBoundedTextSync(path: string, maxBytes: number): string | typeof TOO_LARGE {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    if (info.size > maxBytes) return TOO_LARGE;
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) return TOO_LARGE;
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    closeSync(fd);
  }
}
