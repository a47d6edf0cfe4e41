import { UnreadableImageError } from './errors';
import { rawExiftool } from './rawExiftool';

/** Embedded pictures a RAW may carry, the full-size JPEG first (sizes decide in the end). */
export const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage', 'ThumbnailImage'] as const;
export type PreviewTagName = (typeof PREVIEW_TAGS)[number];

const METADATA_TAGS = [
  'Make',
  'Model',
  'LensModel',
  'Lens',
  'DateTimeOriginal',
  'CreateDate',
  'Orientation',
  'GPSLatitude',
  'GPSLongitude',
  'ImageSize',
];

export type RawTags = Partial<Record<string, unknown>>;

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/^Error:\s*/i, '')
    .split('\n')[0]!
    .trim();
}

/** The RAW's metadata and which previews it holds; `-n` keeps numbers numbers (Orientation, signed GPS). */
export async function readRawTags(path: string): Promise<RawTags> {
  try {
    return (await rawExiftool().readRaw(path, {
      readArgs: ['-n', ...[...METADATA_TAGS, ...PREVIEW_TAGS].map((tag) => `-${tag}`)],
    })) as RawTags;
  } catch (error) {
    throw new UnreadableImageError(`RAW file could not be read (${firstLine(error)})`);
  }
}

/** exiftool reports a binary tag as "(Binary data 389456 bytes, …)"; its byte count, or null. */
export function binaryBytes(value: unknown): number | null {
  const match = typeof value === 'string' ? /^\(Binary data (\d+) bytes/.exec(value) : null;
  return match ? Number(match[1]) : null;
}

/** The preview tags present in the file, largest payload first. */
export function previewTagsBySize(tags: RawTags): PreviewTagName[] {
  return PREVIEW_TAGS.map((tag) => ({ tag, bytes: binaryBytes(tags[tag]) }))
    .filter((entry): entry is { tag: PreviewTagName; bytes: number } => entry.bytes !== null)
    .sort((a, b) => b.bytes - a.bytes)
    .map((entry) => entry.tag);
}

export async function extractPreviewBytes(path: string, tag: PreviewTagName): Promise<Buffer | null> {
  try {
    return await rawExiftool().extractBinaryTagToBuffer(tag, path);
  } catch {
    return null;
  }
}
