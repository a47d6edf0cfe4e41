import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { UnreadableImageError } from './errors';
import { assertJpegComplete } from './format';
import type { ImageFormat } from './sniff';

interface DecodedHeic {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

// heic-decode is CommonJS without types: the WASM build of libheif, since sharp's prebuilt libvips has no
// HEVC decoder.
const require = createRequire(import.meta.url);
const decodeHeic = require('heic-decode') as (input: { buffer: Uint8Array }) => Promise<DecodedHeic>;

/** Decodes a HEIC/HEIF file to RGBA pixels (libheif applies its rotation and mirror boxes: upright). */
export async function decodeHeicFile(path: string): Promise<DecodedHeic> {
  try {
    return await decodeHeic({ buffer: await readFile(path) });
  } catch (error) {
    throw new UnreadableImageError(`HEIC image could not be decoded (${reason(error)})`);
  }
}

/**
 * A sharp pipeline over the picture, upright (EXIF orientation applied), first frame only. `failOn:
 * 'error'` makes a cut-off or corrupt file an error rather than a half-grey thumbnail.
 */
export async function uprightImage(path: string, format: ImageFormat): Promise<Sharp> {
  if (format === 'heic') {
    const { width, height, data } = await decodeHeicFile(path);
    return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      raw: { width, height, channels: 4 },
    });
  }
  if (format === 'bmp') throw new UnreadableImageError('BMP images are not supported');
  if (format === 'jpeg') await assertJpegComplete(path);
  return sharp(path, { failOn: 'error', pages: 1 }).rotate();
}

export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]!;
  return (
    firstLine.replace(/^(.*?\b(VipsJpeg|vips\w*|pngload|jpegload|Input file)\b:?\s*)+/i, '').trim() ||
    firstLine
  );
}

/** Turns a decoder's error into the reason a user reads. */
export function unreadableFrom(error: unknown): UnreadableImageError {
  if (error instanceof UnreadableImageError) return error;
  const message = reason(error);
  if (/premature end|truncat|unexpected end|not enough data|end of file/i.test(message)) {
    return new UnreadableImageError(`image data is truncated (${message})`);
  }
  if (/crc|unknown error|read error/i.test(message))
    return new UnreadableImageError(`image data is corrupt (${message})`);
  if (/unsupported image format|not a known file format/i.test(message)) {
    return new UnreadableImageError('not an image in a format Shoebox can read');
  }
  return new UnreadableImageError(`image could not be decoded (${message})`);
}
