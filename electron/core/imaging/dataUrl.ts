const JPEG_PREFIX = 'data:image/jpeg;base64,';
const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
const PAD = 0x3d; // '='

/**
 * Room left before and after a data URL's bytes, for the request's JSON to be written around them in place:
 * the text and instructions before the image are a few KB, the fields after it a hundred bytes.
 */
const ROOM_BEFORE = 16 * 1024;
const ROOM_AFTER = 1024;

/** The memory of data URLs made with room around them, and whether that room was used already. */
const roomUsed = new WeakMap<ArrayBufferLike, boolean>();

/**
 * A data URL held as its ASCII bytes (`data:…;base64,` and the base64 text): what a request carries, kept as
 * bytes from the encoder to the socket. Only `jpegDataUrl` makes one, so its bytes need no JSON escaping.
 */
export type DataUrlBytes = Buffer & { readonly __dataUrl: true };

/**
 * The JPEG as a data URL's bytes. The base64 is written straight into them: `toString('base64')` would make
 * a string of the same size per photo, garbage for the main thread's collector.
 */
export function jpegDataUrl(jpeg: Uint8Array): DataUrlBytes {
  const length = JPEG_PREFIX.length + Math.ceil(jpeg.length / 3) * 4;
  // Its own memory (not the shared pool's): the room around it is written into.
  const memory = Buffer.allocUnsafeSlow(ROOM_BEFORE + length + ROOM_AFTER);
  roomUsed.set(memory.buffer, false);
  const bytes = memory.subarray(ROOM_BEFORE, ROOM_BEFORE + length);
  bytes.write(JPEG_PREFIX, 0, 'latin1');
  writeBase64(jpeg, bytes, JPEG_PREFIX.length);
  return bytes as DataUrlBytes;
}

function writeBase64(source: Uint8Array, target: Uint8Array, at: number): void {
  const whole = source.length - (source.length % 3);
  let out = at;
  for (let i = 0; i < whole; i += 3) {
    const triple = (source[i]! << 16) | (source[i + 1]! << 8) | source[i + 2]!;
    target[out] = ALPHABET[triple >>> 18]!;
    target[out + 1] = ALPHABET[(triple >>> 12) & 63]!;
    target[out + 2] = ALPHABET[(triple >>> 6) & 63]!;
    target[out + 3] = ALPHABET[triple & 63]!;
    out += 4;
  }
  const left = source.length - whole;
  if (left === 0) return;
  const pair = (source[whole]! << 16) | (left === 2 ? source[whole + 1]! << 8 : 0);
  target[out] = ALPHABET[pair >>> 18]!;
  target[out + 1] = ALPHABET[(pair >>> 12) & 63]!;
  target[out + 2] = left === 2 ? ALPHABET[(pair >>> 6) & 63]! : PAD;
  target[out + 3] = PAD;
}

/**
 * `head`, the data URL and `tail` as one buffer, written in the room around the data URL instead of copied
 * anew: once per data URL (a second request with it, a bake-off's next model, may still be reading the first),
 * and only when they fit. Null otherwise: the caller copies.
 */
export function wrapInPlace(bytes: DataUrlBytes, head: Uint8Array, tail: Uint8Array): Buffer | null {
  const memory = bytes.buffer;
  const start = bytes.byteOffset - head.length;
  const end = bytes.byteOffset + bytes.length + tail.length;
  if (roomUsed.get(memory) !== false || start < 0 || end > memory.byteLength) return null;
  roomUsed.set(memory, true);
  const whole = Buffer.from(memory, start, end - start);
  whole.set(head, 0);
  whole.set(tail, head.length + bytes.length);
  return whole;
}

/** The data URL as text, for what needs a string (a batch's JSONL line, a test's look at the upload). */
export function dataUrlText(bytes: DataUrlBytes): string {
  return bytes.toString('latin1');
}

/** The image a data URL carries. */
export function dataUrlPayload(bytes: DataUrlBytes): Buffer {
  return Buffer.from(bytes.subarray(bytes.indexOf(0x2c) + 1).toString('latin1'), 'base64');
}
