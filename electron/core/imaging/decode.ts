import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { UnreadableImageError } from './errors';
import { assertJpegComplete } from './format';
import { heifTruncation } from './heifBoxes';
import { uprightRawPreview } from './rawPreview';
import type { ImageFormat } from './sniff';

interface DecodedHeic {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

interface HeicImages extends Array<{ width: number; height: number; decode(): Promise<DecodedHeic> }> {
  dispose(): void;
}

// heic-decode is CommonJS without types: the WASM build of libheif, since sharp's prebuilt libvips has no
// HEVC decoder. `all` reads the images' sizes before any pixel is decoded.
const require = createRequire(import.meta.url);
const heicImages = (require('heic-decode') as { all(input: { buffer: Uint8Array }): Promise<HeicImages> })
  .all;

/** sharp's own `limitInputPixels` default (0x3FFF squared), so a HEIC meets the same limit as any other photo. */
export const MAX_INPUT_PIXELS = 268_402_689;
/** The whole file is handed to libheif; no real HEIC comes near this. */
export const MAX_HEIC_BYTES = 512 * 1024 * 1024;

/** Decodes a HEIC/HEIF file to RGBA pixels (libheif applies its rotation and mirror boxes: upright). */
export async function decodeHeicFile(path: string): Promise<DecodedHeic> {
  const { size } = await stat(path);
  if (size > MAX_HEIC_BYTES) {
    throw new UnreadableImageError(`HEIC file too large to decode (${Math.round(size / 2 ** 20)} MB)`);
  }
  const buffer = await readFile(path);
  const gap = heifTruncation(buffer);
  if (gap) throw new UnreadableImageError(`image data is truncated (${gap})`);
  let images: HeicImages;
  try {
    images = await heicImages({ buffer });
  } catch (error) {
    throw new UnreadableImageError(`HEIC image could not be decoded (${reason(error)})`);
  }
  try {
    const { width, height } = images[0]!;
    if (width * height > MAX_INPUT_PIXELS) {
      throw new UnreadableImageError(
        `image is too large (${width} × ${height} pixels; the limit is ${MAX_INPUT_PIXELS.toLocaleString('en')})`,
      );
    }
    return await images[0]!.decode();
  } catch (error) {
    if (error instanceof UnreadableImageError) throw error;
    throw new UnreadableImageError(`HEIC image could not be decoded (${reason(error)})`);
  } finally {
    images.dispose();
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
  if (format === 'raw') return uprightRawPreview(path);
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
