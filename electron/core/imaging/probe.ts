import exifr from 'exifr';
import sharp from 'sharp';
import type { PhotoMetadata } from '../../../shared/types';
import { decodeOrReason } from './decodeFailure';
import { UnreadableImageError } from './errors';
import { assertJpegComplete, readHead } from './format';
import { jpegFrameSize } from './jpegFrameSize';
import { finite, takenAt, text, type ProbedImage } from './probeFields';
import { probeRaw } from './rawProbe';
import { describeNonImage, sniffFileFormat } from './sniff';

interface ExifFields {
  Make?: unknown;
  Model?: unknown;
  LensModel?: unknown;
  Lens?: unknown;
  DateTimeOriginal?: unknown;
  CreateDate?: unknown;
  Orientation?: unknown;
  latitude?: unknown;
  longitude?: unknown;
}

/**
 * One options object for every call: exifr keeps the parsed form of each options object it is given in a map
 * it never empties, so a new literal per photo would keep about 10 KB per photo for as long as Shoebox runs.
 */
const EXIF_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: false,
  icc: false,
  translateValues: false,
};

async function readExif(input: string | Buffer): Promise<ExifFields> {
  try {
    return ((await exifr.parse(input, EXIF_OPTIONS)) ?? {}) as ExifFields;
  } catch {
    // Corrupt EXIF is common and never a reason to refuse the picture itself.
    return {};
  }
}

/**
 * What a file is and what its headers say, without decoding pixels (the thumbnail step does that). Throws
 * UnreadableImageError with the reason a user reads when it is not a picture Shoebox can use. `bytes`, when
 * given, are the whole file: read instead of the file (a RAW's own reader still opens it).
 */
export async function probeImage(path: string, bytes?: Buffer): Promise<ProbedImage> {
  const head = bytes ? bytes.subarray(0, 4096) : await readHead(path, 4096);
  const format = sniffFileFormat(head, path);
  if (!format) throw new UnreadableImageError(describeNonImage(head));
  if (format === 'raw') return probeRaw(path);
  if (format === 'bmp') throw new UnreadableImageError('BMP images are not supported');

  // Before sharp sees it: libjpeg would read a JPEG with no picture data to its very end, however large.
  if (format === 'jpeg') await assertJpegComplete(path, bytes);
  const exif = await readExif(bytes ?? path);
  const orientation = finite(exif.Orientation);
  let width: number | null = null;
  let height: number | null = null;
  {
    const frame = format === 'jpeg' && bytes ? jpegFrameSize(bytes) : null;
    if (frame) ({ width, height } = frame);
    else {
      const meta = await decodeOrReason(() => sharp(bytes ?? path, { pages: 1 }).metadata());
      width = meta.width ?? null;
      height = meta.height ?? null;
    }
    if (width === null || height === null) throw new UnreadableImageError('no image data in the file');
    // HEIF containers rotate with their own boxes, already reflected in the size sharp reads.
    const rotated = format !== 'heic' && orientation !== null && orientation >= 5 && orientation <= 8;
    if (rotated) [width, height] = [height, width];
  }

  const metadata: PhotoMetadata = {
    format,
    width,
    height,
    takenAt: takenAt(exif.DateTimeOriginal) ?? takenAt(exif.CreateDate),
    cameraMake: text(exif.Make),
    cameraModel: text(exif.Model),
    lens: text(exif.LensModel) ?? text(exif.Lens),
    gpsLatitude: finite(exif.latitude),
    gpsLongitude: finite(exif.longitude),
    orientation,
  };
  return { format, metadata };
}
