import type { PhotoMetadata } from '../../../shared/types';
import { finite, takenAt, text, type ProbedImage } from './probeFields';
import { readRawTags } from './rawTags';

/** "3408 2272" (ImageSize under `-n`) as numbers. */
function imageSize(value: unknown): { width: number; height: number } | null {
  const match = typeof value === 'string' ? /^(\d+)\s+(\d+)$/.exec(value) : null;
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

/**
 * A RAW file's headers, read by exiftool (exifr knows only the TIFF-based RAWs): the same fields as for a
 * JPEG. The size is the sensor's, turned as the camera was; whether a preview is usable is the thumbnail's
 * business, which says why when it is not.
 */
export async function probeRaw(path: string): Promise<ProbedImage> {
  const tags = await readRawTags(path);
  const orientation = finite(tags['Orientation']);
  const size = imageSize(tags['ImageSize']);
  const turned = orientation !== null && orientation >= 5 && orientation <= 8;
  const metadata: PhotoMetadata = {
    format: 'raw',
    width: size ? (turned ? size.height : size.width) : null,
    height: size ? (turned ? size.width : size.height) : null,
    takenAt: takenAt(tags['DateTimeOriginal']) ?? takenAt(tags['CreateDate']),
    cameraMake: text(tags['Make']),
    cameraModel: text(tags['Model']),
    lens: text(tags['LensModel']) ?? (typeof tags['Lens'] === 'string' ? text(tags['Lens']) : null),
    gpsLatitude: finite(tags['GPSLatitude']),
    gpsLongitude: finite(tags['GPSLongitude']),
    orientation,
  };
  return { format: 'raw', metadata };
}
