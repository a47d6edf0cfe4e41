import sharp from 'sharp';
import { uprightImage } from './decode';
import { decodeOrReason } from './decodeFailure';
import type { ImageFormat } from './sniff';
import { fitsThumbnailBox, WEBP_QUALITY } from './thumbnails';

/** A picture's pixels as shown (orientation applied), 8-bit sRGB, interleaved, alpha last when there is one. */
export interface UprightPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * The thumbnail of a picture that fits in the thumbnail's box, and its upright pixels, from one decode. Such a
 * picture is thumbnailed at full size (thumbnailBytes' resize leaves it as it is), so encoding its decoded
 * pixels gives thumbnailBytes' own bytes (`smallThumbnail.test.ts` holds the two to that, format by format),
 * and grouping's pixel hash and difference hash need no decode of their own. Null when the decoded picture
 * does not fit after all: thumbnailBytes is the one pipeline then. Throws UnreadableImageError as
 * thumbnailBytes does.
 */
export async function smallThumbnail(
  sourcePath: string,
  format: ImageFormat,
  bytes: Buffer,
): Promise<{ thumbnail: Buffer; pixels: UprightPixels } | null> {
  const pixels = await uprightPixels(sourcePath, format, bytes);
  const { data, width, height, channels } = pixels;
  if (!fitsThumbnailBox(width, height)) return null;
  const thumbnail = await decodeOrReason(() =>
    sharp(data, { raw: { width, height, channels } }).webp({ quality: WEBP_QUALITY.thumb }).toBuffer(),
  );
  return { thumbnail, pixels };
}

/**
 * A picture's upright pixels, as smallThumbnail decodes them (of any size: callers decode only small ones).
 * Throws UnreadableImageError as thumbnailBytes does.
 */
export async function uprightPixels(
  sourcePath: string,
  format: ImageFormat,
  bytes: Buffer,
): Promise<UprightPixels> {
  const { data, info } = await decodeOrReason(async () =>
    (await uprightImage(sourcePath, format, bytes)).raw().toBuffer({ resolveWithObject: true }),
  );
  return { data, width: info.width, height: info.height, channels: info.channels };
}
