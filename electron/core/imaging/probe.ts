import exifr from 'exifr';
import sharp from 'sharp';
import type { PhotoMetadata } from '../../../shared/types';
import { unreadableFrom } from './decode';
import { UnreadableImageError } from './errors';
import { assertJpegComplete, readHead } from './format';
import { probeRaw } from './rawProbe';
import { describeNonImage, sniffFileFormat, type ImageFormat } from './sniff';

export interface ProbedImage {
  format: ImageFormat;
  metadata: PhotoMetadata;
}

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

export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed === '' ? null : trimmed;
}

export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** EXIF dates carry no time zone: keep the camera's wall-clock time as an ISO local date-time. */
export function takenAt(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return (
      `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}` +
      `T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`
    );
  }
  const match =
    typeof value === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}` : null;
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

async function readExif(path: string): Promise<ExifFields> {
  try {
    return ((await exifr.parse(path, EXIF_OPTIONS)) ?? {}) as ExifFields;
  } catch {
    // Corrupt EXIF is common and never a reason to refuse the picture itself.
    return {};
  }
}

/**
 * What a file is and what its headers say, without decoding pixels (the thumbnail step does that). Throws
 * UnreadableImageError with the reason a user reads when it is not a picture Shoebox can use.
 */
export async function probeImage(path: string): Promise<ProbedImage> {
  const head = await readHead(path, 4096);
  const format = sniffFileFormat(head, path);
  if (!format) throw new UnreadableImageError(describeNonImage(head));
  if (format === 'raw') return probeRaw(path);
  if (format === 'bmp') throw new UnreadableImageError('BMP images are not supported');

  // Before sharp sees it: libjpeg would read a JPEG with no picture data to its very end, however large.
  if (format === 'jpeg') await assertJpegComplete(path);
  const exif = await readExif(path);
  const orientation = finite(exif.Orientation);
  let width: number | null = null;
  let height: number | null = null;
  {
    try {
      const meta = await sharp(path, { pages: 1 }).metadata();
      width = meta.width ?? null;
      height = meta.height ?? null;
    } catch (error) {
      throw unreadableFrom(error);
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
