import sharp, { type Sharp } from 'sharp';
import { UnreadableImageError } from './errors';
import { extractPreviewBytes, previewTagsBySize, readRawTags, type PreviewTagName } from './rawTags';

/**
 * Cameras put a 160 × 120 thumbnail in every RAW; anything smaller is a placeholder (test files carry 8 × 8
 * ones) that would cost a caption and describe nothing.
 */
export const MIN_PREVIEW_LONG_SIDE = 160;

export interface RawPreview {
  tag: PreviewTagName;
  jpeg: Buffer;
  width: number;
  height: number;
  /** The RAW's own EXIF orientation: the preview is stored as the sensor saw it. */
  orientation: number | null;
}

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/** Width and height of a whole JPEG, or null for anything else (a TIFF preview, a cut-off stream). */
async function jpegSize(bytes: Buffer): Promise<{ width: number; height: number } | null> {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  if (bytes.subarray(Math.max(0, bytes.length - 64 * 1024)).indexOf(END_OF_IMAGE) === -1) return null;
  try {
    const { format, width, height } = await sharp(bytes).metadata();
    return format === 'jpeg' && width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/**
 * The largest valid JPEG embedded in a RAW file (sharp cannot develop RAW data). UnreadableImageError says
 * why when there is none worth using.
 */
export async function largestRawPreview(path: string): Promise<RawPreview> {
  const tags = await readRawTags(path);
  const present = previewTagsBySize(tags);
  if (present.length === 0) {
    throw new UnreadableImageError(
      'RAW file has no embedded preview (Shoebox shows a RAW file by the JPEG the camera put inside it)',
    );
  }
  const orientation = typeof tags['Orientation'] === 'number' ? tags['Orientation'] : null;
  let best: RawPreview | null = null;
  // Largest payload first; the first usable one is the largest picture in practice, so the rest stay
  // unread. A placeholder (RAF's 8 × 8 PreviewImage carries a big EXIF block) does not stop the search.
  for (const tag of present) {
    const jpeg = await extractPreviewBytes(path, tag);
    const size = jpeg && (await jpegSize(jpeg));
    if (!jpeg || !size) continue;
    if (!best || size.width * size.height > best.width * best.height)
      best = { tag, jpeg, ...size, orientation };
    if (Math.max(best.width, best.height) >= MIN_PREVIEW_LONG_SIDE) break;
  }
  if (!best) throw new UnreadableImageError('RAW file’s embedded preview is not a readable JPEG');
  if (Math.max(best.width, best.height) < MIN_PREVIEW_LONG_SIDE) {
    throw new UnreadableImageError(
      `RAW file’s embedded preview is too small to use (${best.width} × ${best.height} pixels)`,
    );
  }
  return best;
}

/**
 * Turns and mirrors as EXIF orientation 1–8 asks. sharp mirrors before it rotates, so the mirrored
 * orientations (5, 7) pair the mirror with the opposite turn to libvips' own autorotation.
 */
export function orientPipeline(image: Sharp, orientation: number | null): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.flop().rotate(270);
    case 6:
      return image.rotate(90);
    case 7:
      return image.flop().rotate(90);
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}

/** The RAW as a sharp pipeline over its largest preview, upright. */
export async function uprightRawPreview(path: string): Promise<Sharp> {
  const preview = await largestRawPreview(path);
  return orientPipeline(sharp(preview.jpeg, { failOn: 'error' }), preview.orientation);
}
