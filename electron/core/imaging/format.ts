import { open } from 'node:fs/promises';
import { bytesReader, withByteReader, type ByteReader } from './byteReader';
import { UnreadableImageError } from './errors';
import { jpegHeaderGap } from './jpegHeaders';
import { progressiveJpegGap } from './jpegScans';
import { describeNonImage, sniffFileFormat, type ImageFormat } from './sniff';

export async function readHead(path: string, length: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The format of the file at `path` by its magic bytes; UnreadableImageError when it is none we know. */
export async function probeFormat(path: string, bytes?: Buffer): Promise<ImageFormat> {
  const head = bytes ? bytes.subarray(0, 512) : await readHead(path, 512);
  const format = sniffFileFormat(head, path);
  if (!format) throw new UnreadableImageError(describeNonImage(head));
  return format;
}

const JPEG_TAIL_BYTES = 64 * 1024;

/**
 * libjpeg decodes a progressive JPEG cut short without complaint (a blurry picture); the missing
 * end-of-image marker in the file's tail gives it away. Only the tail and the segment headers are read.
 */
export async function assertJpegComplete(path: string, bytes?: Buffer): Promise<void> {
  if (bytes) await assertJpegBytesComplete(bytesReader(bytes));
  else await withByteReader(path, assertJpegBytesComplete);
}

export async function assertJpegBytesComplete(reader: ByteReader): Promise<void> {
  const headerGap = await jpegHeaderGap(reader);
  if (headerGap) throw new UnreadableImageError(headerGap);
  const tailStart = Math.max(0, reader.size - JPEG_TAIL_BYTES);
  const tail = await reader.read(tailStart, reader.size - tailStart);
  if (Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength).indexOf(END_OF_IMAGE) === -1) {
    throw new UnreadableImageError('image data is truncated (the file ends before the picture does)');
  }
  const gap = await progressiveJpegGap(reader);
  if (gap) throw new UnreadableImageError(`image data is incomplete (${gap})`);
}

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);
