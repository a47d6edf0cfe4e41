import { isMainThread } from 'node:worker_threads';
import type { PhotoMetadata } from '../../../shared/types';
import {
  fingerprintOf,
  fingerprintOfThumbnailBytes,
  pixelHashOf,
  pixelHashOfUpright,
  type Fingerprint,
} from '../grouping/fingerprint';
import { differenceHashOfPixels } from '../grouping/pixelDifferenceHash';
import { readExistingDescriptions } from '../imaging/existingMetadata';
import type { ImportedDescriptions } from '../review/importedMetadata';
import { probeImage } from '../imaging/probe';
import { sniffFileFormat, type ImageFormat } from '../imaging/sniff';
import { smallThumbnail, uprightPixels, type UprightPixels } from '../imaging/smallThumbnail';
import { asyncThumbnailFileCalls, fitsThumbnailBox, thumbnailBytes } from '../imaging/thumbnails';
import { writeThumbnail, type RenderedThumbnail } from '../imaging/thumbnailFile';
import { blockingThumbnailFileCalls } from '../imaging/workerThumbnail';

/**
 * What ingest needs of a new photo's pixels, made where its bytes were read (the hash pool's worker), so the
 * main thread runs no sharp pipeline for it. Plain data: it crosses from the worker as a structured clone.
 */
export type IngestDecode =
  | {
      kind: 'decoded';
      format: string;
      metadata: PhotoMetadata;
      fingerprint: Fingerprint | null;
      /** The photo's own words (see readExistingDescriptions), when asked for. */
      words?: ReadWords | undefined;
    }
  /** `step` says which: a thumbnail that could not be written may mean a full disk, a failed probe never. */
  | { kind: 'failed'; step: 'probe' | 'thumbnail'; reason: string; code?: string | undefined }
  /** Not a format decoded here (HEIC and RAW have readers of their own): ingest takes its usual path. */
  | { kind: 'elsewhere' };

/** Existing words read off the main thread, with the warnings the reading would have logged, to log there. */
export interface ReadWords {
  found: ImportedDescriptions;
  warnings: Array<{ message: string; fields: Record<string, unknown> | undefined }>;
}

/** Reads a photo's own words from its bytes (and sidecar) and keeps the warnings for the caller's log. */
export async function readWords(path: string, bytes: Buffer): Promise<ReadWords> {
  const warnings: ReadWords['warnings'] = [];
  const found = await readExistingDescriptions(
    path,
    { warn: (message, fields) => warnings.push({ message, fields }) },
    bytes,
  );
  return { found, warnings };
}

/** The formats sharp reads straight from the bytes, the common case worth moving off the main thread. */
const DECODED_HERE = new Set(['jpeg', 'png', 'webp']);

/** The format of a file whose bytes decodeForIngest decodes (else it answers 'elsewhere'), or null. */
export function formatDecodedHere(path: string, bytes: Uint8Array): ImageFormat | null {
  const format = sniffFileFormat(bytes.subarray(0, 4096), path);
  return format && DECODED_HERE.has(format) ? format : null;
}

function failure(step: 'probe' | 'thumbnail', error: unknown): IngestDecode {
  const message = error instanceof Error ? error.message : String(error);
  // An error's code (ENOSPC) would not survive the trip from the worker; the cause is where a wrapper keeps it.
  let code: string | undefined;
  for (let current: unknown = error, depth = 0; current && depth < 5 && !code; depth++) {
    const found = (current as { code?: unknown }).code;
    if (typeof found === 'string') code = found;
    current = (current as { cause?: unknown }).cause;
  }
  return { kind: 'failed', step, reason: message, code };
}

/** Blocking file calls in a worker, where they cost the thread nothing; where workers failed, the async ones. */
const thumbnailFileCallsHere = isMainThread ? asyncThumbnailFileCalls : blockingThumbnailFileCalls;

/**
 * Whether grouping's pixel hash of the photo is taken here: when it fits in the thumbnail's box, so that its
 * thumbnail decodes every pixel anyway and one decode serves the thumbnail and both hashes (smallThumbnail,
 * differenceHashOfPixels). Left to grouping, the check that nearly every photo of a burst needs reads and
 * decodes the original again after the scan. A larger photo keeps that deferred path: its thumbnail shrinks
 * on load, a full decode grows with its pixels, and most photos have no look-alike to be compared with.
 */
function pixelsHashedHere(metadata: PhotoMetadata): boolean {
  const { width, height } = metadata;
  return width !== null && height !== null && fitsThumbnailBox(width, height);
}

/**
 * Both hashes of a small photo from its upright pixels: `pixels` when the thumbnail's decode gave them, else
 * decoded now (a small picture: the thumbnail was found made). A rarer layout's pixel hash decodes on its own.
 * Null where the pixels cannot be read or hashed: the thumbnail's difference hash serves then.
 */
async function smallPhotoFingerprint(
  path: string,
  format: ImageFormat,
  whole: Buffer,
  pixels: UprightPixels | undefined,
): Promise<Fingerprint | null> {
  const upright = pixels ?? (await uprightPixels(path, format, whole).catch(() => null));
  const dhash = upright && differenceHashOfPixels(upright);
  if (!upright || !dhash) return null;
  const pixelHash = pixelHashOfUpright(upright) ?? (await pixelHashOf(path, format, whole).catch(() => null));
  return { dhash, pixelHash };
}

/**
 * Probe, thumbnail (written to `thumbnailPath`, the same bytes as the thumbnail store's, with the worker's
 * blocking file calls), when `withFingerprint` grouping's difference hash of that thumbnail (a small photo's
 * difference and pixel hashes from its pixels instead: see pixelsHashedHere) and, when `withWords`, the
 * photo's existing words: the same steps, reasons and files as ingest's own path. The words are read here, not
 * on the main thread, because their four sidecar lookups and EXIF parse were the largest part of a small
 * photo's cost there.
 */
export async function decodeForIngest(
  path: string,
  bytes: Uint8Array,
  thumbnailPath: string,
  withFingerprint: boolean,
  withWords = false,
): Promise<IngestDecode> {
  // A Buffer arrives from the other thread as a plain Uint8Array.
  const whole = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = formatDecodedHere(path, whole);
  if (!format) return { kind: 'elsewhere' };
  let probed;
  try {
    probed = await probeImage(path, whole);
  } catch (error) {
    return failure('probe', error);
  }
  // A small photo's thumbnail and pixels from one decode; thumbnailBytes' own where it turns out larger.
  let hashHere = withFingerprint && pixelsHashedHere(probed.metadata);
  let pixels: UprightPixels | undefined;
  const encode = async () => {
    const both = hashHere ? await smallThumbnail(path, format, whole) : null;
    if (both) pixels = both.pixels;
    else hashHere = false;
    return both ? both.thumbnail : thumbnailBytes(path, 'thumb', whole);
  };
  let thumbnail: RenderedThumbnail;
  try {
    thumbnail = await writeThumbnail(thumbnailFileCallsHere, thumbnailPath, encode);
  } catch (error) {
    return failure('thumbnail', error);
  }
  let fingerprint = hashHere ? await smallPhotoFingerprint(path, format, whole, pixels) : null;
  if (withFingerprint && !fingerprint) {
    // The thumbnail's bytes are in hand when this call wrote it; one made before is read from its file.
    const reading = thumbnail.written
      ? fingerprintOfThumbnailBytes(thumbnail.bytes)
      : fingerprintOf(thumbnailPath);
    fingerprint = await reading.catch(() => null);
    // A small photo whose pixels could not be read for its difference hash: its pixel hash decodes on its own.
    if (fingerprint && hashHere)
      fingerprint.pixelHash = await pixelHashOf(path, format, whole).catch(() => null);
  }
  const words = withWords ? await readWords(path, whole) : undefined;
  return { kind: 'decoded', format: probed.format, metadata: probed.metadata, fingerprint, words };
}
