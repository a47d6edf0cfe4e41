// Random access to a file's bytes without holding the file: checks that need a photo's head, its tail or
// its segment headers read just those, so a multi-gigabyte file costs kilobytes of memory (issue 11: the
// truncation check read 1 GB files whole, and failed on files over 2 GiB).
import { open } from 'node:fs/promises';

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
 * The whole file when it is at most `maxBytes` (one open, one read), else null: a decode that would open it
 * three times (format, completeness check, pixels) reads these bytes instead.
 */
export async function readWholeUpTo(path: string, maxBytes: number): Promise<Buffer | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return null;
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
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
