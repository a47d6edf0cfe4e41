// libjpeg looks for the start of the picture data by skipping any bytes that are not a marker, however many:
// a JPEG header followed by a gigabyte of nothing is read to its end (and held) before it fails. Walking the
// segment headers ourselves finds the start of scan, or finds that there is none, from a few kilobytes.
// The same walk reads the frame's sample precision: libvips decodes 8-bit JPEGs only, and its refusal of a
// 12-bit one reaches sharp through libvips' one error buffer for the whole process, which any pipeline
// ending on another thread empties ("Unknown error", see decodeFailure.ts) and one failing fills with its
// own words.
import { ByteWindow, type ByteReader } from './byteReader';
import { isFrameHeader } from './jpegFrameSize';

const START_OF_SCAN = 0xda;
const END_OF_IMAGE = 0xd9;
/** Real files sometimes carry junk between segments; libjpeg shrugs it off, and so do we, up to this much. */
const MAX_JUNK_BYTES = 64 * 1024;
const MAX_SEGMENTS = 10_000;
/** Samples wider than this need libjpeg's 12- and 16-bit APIs, which libvips does not call. */
const MAX_DECODED_PRECISION = 8;

/**
 * Null when the headers lead to picture data libvips decodes; otherwise what a person reads about why there is
 * none, or why it cannot be decoded.
 */
export async function jpegHeaderGap(reader: ByteReader): Promise<string | null> {
  const bytes = new ByteWindow(reader);
  let offset = 2;
  for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
    const marker = await nextMarkerAt(bytes, offset);
    if (marker === null) return 'no image data in the file (nothing follows the JPEG headers)';
    if (marker.code === START_OF_SCAN) return null;
    if (marker.code === END_OF_IMAGE) return 'no image data in the file (the JPEG ends before its picture)';
    // Markers without a length: TEM and the restart markers.
    if (marker.code === 0x01 || (marker.code >= 0xd0 && marker.code <= 0xd7)) {
      offset = marker.at + 2;
      continue;
    }
    if (marker.at + 4 > bytes.size) return 'image data is truncated (the file ends inside the JPEG headers)';
    const length = await bytes.slice(marker.at + 2, 2);
    const segmentLength = (length[0]! << 8) | length[1]!;
    if (segmentLength < 2) return 'image data is corrupt (a JPEG header has no length)';
    if (isFrameHeader(marker.code) && segmentLength > 2 && marker.at + 4 < bytes.size) {
      const [precision] = await bytes.slice(marker.at + 4, 1);
      if (precision! > MAX_DECODED_PRECISION)
        return `image could not be decoded (JPEG data precision ${precision}: only 8-bit JPEGs are read)`;
    }
    offset = marker.at + 2 + segmentLength;
    if (offset >= bytes.size) return 'image data is corrupt (a JPEG header runs past the end of the file)';
  }
  return 'image data is corrupt (too many JPEG headers)';
}

/** The marker at `from`, past fill bytes and at most MAX_JUNK_BYTES of junk; null when there is none. */
async function nextMarkerAt(bytes: ByteWindow, from: number): Promise<{ at: number; code: number } | null> {
  let offset = from;
  const limit = Math.min(bytes.size, from + MAX_JUNK_BYTES);
  while (offset + 1 < limit) {
    const chunk = await bytes.slice(offset, Math.min(4096, limit - offset));
    for (let i = 0; i + 1 < chunk.length; i++) {
      if (chunk[i] !== 0xff) continue;
      const code = chunk[i + 1]!;
      if (code !== 0xff && code !== 0x00) return { at: offset + i, code };
    }
    offset += Math.max(1, chunk.length - 1);
  }
  return null;
}
