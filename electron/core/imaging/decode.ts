import { readFile, stat } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { UnreadableImageError } from './errors';
import { assertJpegComplete } from './format';
import { heifTruncation } from './heifBoxes';
import { heicWorker, type DecodedHeic } from './heicWorker';
import { uprightRawPreview } from './rawPreview';
import type { ImageFormat } from './sniff';

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
  const result = await heicWorker.decode(buffer, MAX_INPUT_PIXELS);
  if (result.kind === 'too-large') {
    throw new UnreadableImageError(
      `image is too large (${result.width} × ${result.height} pixels; the limit is ${MAX_INPUT_PIXELS.toLocaleString('en')})`,
    );
  }
  if (result.kind === 'failed')
    throw new UnreadableImageError(`HEIC image could not be decoded (${result.message})`);
  return result.image;
}

/**
 * A sharp pipeline over the picture, upright (EXIF orientation applied), first frame only. `failOn:
 * 'error'` makes a cut-off or corrupt file an error rather than a half-grey thumbnail. `bytes`, when given,
 * are the whole file, decoded instead of the file (HEIC and RAW still read it through their own readers).
 */
export async function uprightImage(path: string, format: ImageFormat, bytes?: Buffer): Promise<Sharp> {
  if (format === 'heic') {
    const { width, height, data } = await decodeHeicFile(path);
    return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      raw: { width, height, channels: 4 },
    });
  }
  if (format === 'bmp') throw new UnreadableImageError('BMP images are not supported');
  if (format === 'raw') return uprightRawPreview(path);
  if (format === 'jpeg') await assertJpegComplete(path, bytes);
  return sharp(bytes ?? path, { failOn: 'error', pages: 1 }).rotate();
}
