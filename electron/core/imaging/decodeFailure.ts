// The reason a user reads when a picture cannot be decoded, and getting it from libvips at all: its error
// buffer is one for the whole process, and every sharp pipeline empties it as it ends (sharp's pipeline.cc),
// so a failure read while another pipeline finished reaches us as "Unknown error". With six pipelines
// decoding beside it, that was about half the failures of a truncated PNG or JPEG (throwaway probes, 200–300
// each).
import { UnreadableImageError } from './errors';

/** sharp's words for a failure whose own words another pipeline cleared. */
const LOST_REASON = 'Unknown error';
/** A failure is read this many times at most for its own words: each time about half of them are lost. */
const MAX_ATTEMPTS = 8;
/** Nor for longer than this: a large broken file can fail late, and its words are not worth seconds. */
const RETRY_BUDGET_MS = 2000;

/** The decoder's message for `error`, without libvips' prefixes, first line only. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]!;
  return (
    firstLine.replace(/^(.*?\b(VipsJpeg|vips\w*|pngload|jpegload|Input file)\b:?\s*)+/i, '').trim() ||
    firstLine
  );
}

/** Turns a decoder's error into the reason a user reads. */
export function unreadableFrom(error: unknown): UnreadableImageError {
  if (error instanceof UnreadableImageError) return error;
  const message = reason(error);
  if (/premature end|truncat|unexpected end|not enough data|end of file/i.test(message)) {
    return new UnreadableImageError(`image data is truncated (${message})`);
  }
  if (/crc|unknown error|read error/i.test(message))
    return new UnreadableImageError(`image data is corrupt (${message})`);
  if (/unsupported image format|not a known file format/i.test(message)) {
    return new UnreadableImageError('not an image in a format Shoebox can read');
  }
  return new UnreadableImageError(`image could not be decoded (${message})`);
}

/**
 * Runs `decode` (which builds its sharp pipeline afresh on every call) and turns a failure into the reason a
 * user reads; a failure whose words were lost is decoded again for them, within MAX_ATTEMPTS and
 * RETRY_BUDGET_MS. A broken file fails early in its decode, so the retries cost little; a decode that
 * succeeds on a retry is taken.
 */
export async function decodeOrReason<T>(decode: () => Promise<T>): Promise<T> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await decode();
    } catch (error) {
      const again =
        attempt < MAX_ATTEMPTS &&
        performance.now() - started < RETRY_BUDGET_MS &&
        !(error instanceof UnreadableImageError) &&
        reason(error) === LOST_REASON;
      if (!again) throw unreadableFrom(error);
    }
  }
}
