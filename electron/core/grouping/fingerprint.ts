import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { readWholeUpTo } from '../imaging/byteReader';
import { uprightImage } from '../imaging/decode';
import { probeFormat } from '../imaging/format';
import type { UprightPixels } from '../imaging/smallThumbnail';
import type { ImageFormat } from '../imaging/sniff';
import { differenceBitsOf } from './pixelDifferenceHash';

/** What grouping compares: a 64-bit difference hash of the picture and a hash of its decoded pixels. */
export interface Fingerprint {
  /** 16 hex digits: each bit says whether a pixel of the 9×8 greyscale reduction is brighter than its right neighbour. */
  dhash: string;
  /**
   * sha256 of the upright decoded pixels (and their size): equal for a JPEG and its lossless re-save or PNG
   * copy. A full decode costs as much as the rest of ingest, so it is null until a photo of the same size
   * and a near-equal difference hash turns up (see groupingService).
   */
  pixelHash: string | null;
}

/** Difference hash of any image sharp reads; the thumbnail is enough, and cheaper to decode. */
export async function differenceHash(input: string | Buffer): Promise<string> {
  return differenceBits(sharp(input).rotate());
}

async function differenceBits(image: Sharp): Promise<string> {
  const grey = await image.greyscale().resize(9, 8, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  return differenceBitsOf(grey);
}

/** Originals up to this size are read once into memory for their pixel hash; larger ones are read in place. */
const PIXEL_HASH_WHOLE_READ_MAX_BYTES = 32 * 1024 * 1024;

/** Hash of the pixels as shown (orientation applied), independent of the file's container and metadata. */
export async function decodedPixelHash(path: string): Promise<string> {
  const bytes = (await readWholeUpTo(path, PIXEL_HASH_WHOLE_READ_MAX_BYTES)) ?? undefined;
  return pixelHashOf(path, await probeFormat(path, bytes), bytes);
}

/**
 * decodedPixelHash of the file at `path` whose format is known and whose whole file, when given, is `bytes`:
 * the same bits, for the ingest worker that holds the bytes already.
 */
export async function pixelHashOf(path: string, format: ImageFormat, bytes?: Buffer): Promise<string> {
  const image = await uprightImage(path, format, bytes);
  const { data, info } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return pixelDigest(info.width, info.height, info.channels, data);
}

/**
 * decodedPixelHash from pixels decoded already (see smallThumbnail): 8-bit sRGB, the alpha dropped as
 * pixelHashOf's pipeline drops it (`smallThumbnail.test.ts` holds the two equal). Null for pixels of another
 * layout, which only pixelHashOf's own decode can hash.
 */
export function pixelHashOfUpright(pixels: UprightPixels): string | null {
  const { data, width, height, channels } = pixels;
  if ((channels !== 3 && channels !== 4) || data.length !== width * height * channels) return null;
  if (channels === 3) return pixelDigest(width, height, 3, data);
  const rgb = Buffer.allocUnsafe(width * height * 3);
  for (let from = 0, to = 0; from < data.length; from += 4, to += 3) {
    rgb[to] = data[from]!;
    rgb[to + 1] = data[from + 1]!;
    rgb[to + 2] = data[from + 2]!;
  }
  return pixelDigest(width, height, 3, rgb);
}

function pixelDigest(width: number, height: number, channels: number, data: Buffer): string {
  return createHash('sha256').update(`${width}x${height}x${channels};`).update(data).digest('hex');
}

/**
 * The fingerprint of a thumbnail Shoebox made: already upright and without an orientation tag (the thumbnail
 * pipeline applies it and keeps no metadata), so the auto-orientation step, a third of a small picture's hash
 * time, is left out; the bits are differenceHash's.
 */
export function fingerprintOf(thumbnailPath: string): Promise<Fingerprint> {
  return thumbnailFingerprint(thumbnailPath);
}

/** fingerprintOf, from the thumbnail's encoded bytes still in memory: the same bits, with no read of the file. */
export function fingerprintOfThumbnailBytes(thumbnail: Buffer): Promise<Fingerprint> {
  return thumbnailFingerprint(thumbnail);
}

async function thumbnailFingerprint(thumbnail: string | Buffer): Promise<Fingerprint> {
  return { dhash: await differenceBits(sharp(thumbnail)), pixelHash: null };
}
