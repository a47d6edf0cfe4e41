// Random access to a file's bytes without holding the file: checks that need a photo's head, its tail or
// its segment headers read just those, so a multi-gigabyte file costs kilobytes of memory (issue 11: the
// truncation check read 1 GB files whole, and failed on files over 2 GiB).
import { open, type FileHandle } from 'node:fs/promises';

export interface ByteReader {
  readonly size: number;
  /** Up to `length` bytes from `position`; fewer at the end of the file. */
  read(position: number, length: number): Promise<Uint8Array>;
}

export async function withByteReader<T>(path: string, use: (reader: ByteReader) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await use({
      size,
      read: async (position, length) => {
        const wanted = Math.max(0, Math.min(length, size - position));
        const buffer = Buffer.alloc(wanted);
        const { bytesRead } = await handle.read(buffer, 0, wanted, position);
        return buffer.subarray(0, bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
}

/**
 * An open file read whole when it holds at most `maxBytes`: `whole`, or `partial` with what was read before
 * it passed the limit (nothing when its size already did). One byte more than the size is asked for, so a
 * file that grew since the stat is read to its end, not cut short.
 */
export async function readWholeOf(
  file: FileHandle,
  maxBytes: number,
): Promise<{ whole: Buffer } | { partial: Buffer }> {
  const { size } = await file.stat();
  if (size > maxBytes) return { partial: Buffer.alloc(0) };
  let bytes = Buffer.allocUnsafe(size + 1);
  let filled = 0;
  for (;;) {
    if (filled === bytes.length) {
      if (bytes.length > maxBytes) return { partial: bytes.subarray(0, filled) };
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, bytes.length * 2));
      bytes.copy(grown, 0, 0, filled);
      bytes = grown;
    }
    const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, filled);
    if (bytesRead === 0) return { whole: bytes.subarray(0, filled) };
    filled += bytesRead;
  }
}

/**
 * The whole file when it is at most `maxBytes` (one open, one read), else null: a decode that would open it
 * three times (format, completeness check, pixels) reads these bytes instead.
 */
export async function readWholeUpTo(path: string, maxBytes: number): Promise<Buffer | null> {
  const handle = await open(path, 'r');
  try {
    const read = await readWholeOf(handle, maxBytes);
    return 'whole' in read ? read.whole : null;
  } finally {
    await handle.close();
  }
}

/** The same random access over bytes already in memory (a photo read whole once). */
export function bytesReader(bytes: Uint8Array): ByteReader {
  return {
    size: bytes.byteLength,
    read: async (position, length) =>
      bytes.subarray(Math.min(position, bytes.byteLength), Math.min(position + length, bytes.byteLength)),
  };
}

/** A sliding window over a reader, so a parser can ask for a few bytes at a time without a read each. */
export class ByteWindow {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly reader: ByteReader,
    private readonly chunk = 64 * 1024,
  ) {}

  get size(): number {
    return this.reader.size;
  }

  /** Bytes [at, at + length), fewer at the end of the file. */
  async slice(at: number, length: number): Promise<Uint8Array> {
    const end = Math.min(at + length, this.reader.size);
    if (at < this.start || end > this.start + this.bytes.length) {
      this.start = at;
      this.bytes = await this.reader.read(at, Math.max(length, this.chunk));
    }
    return this.bytes.subarray(at - this.start, end - this.start);
  }
}
