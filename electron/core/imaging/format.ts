import { open, readFile } from 'node:fs/promises';
import { UnreadableImageError } from './errors';
import { progressiveJpegGap } from './jpegScans';
import { describeNonImage, sniffImageFormat, type ImageFormat } from './sniff';

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
export async function probeFormat(path: string): Promise<ImageFormat> {
  const head = await readHead(path, 512);
  const format = sniffImageFormat(head);
  if (!format) throw new UnreadableImageError(describeNonImage(head));
  return format;
}

/**
 * libjpeg decodes a progressive JPEG cut short without complaint (a blurry picture); the missing
 * end-of-image marker in the file's tail gives it away.
 */
export async function assertJpegComplete(path: string): Promise<void> {
  const bytes = await readFile(path);
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_536));
  if (tail.indexOf(Buffer.from([0xff, 0xd9])) === -1) {
    throw new UnreadableImageError('image data is truncated (the file ends before the picture does)');
  }
  const gap = progressiveJpegGap(bytes);
  if (gap) throw new UnreadableImageError(`image data is incomplete (${gap})`);
}
