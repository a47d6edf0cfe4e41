const JPEG_PREFIX = 'data:image/jpeg;base64,';

/**
 * A data URL held as its ASCII bytes (`data:…;base64,` and the base64 text): what a request carries, kept as
 * bytes from the encoder to the socket. Only `jpegDataUrl` makes one, so its bytes need no JSON escaping.
 */
export type DataUrlBytes = Buffer & { readonly __dataUrl: true };

/** The JPEG as a data URL's bytes; the base64 text is written into them, not kept. */
export function jpegDataUrl(jpeg: Uint8Array): DataUrlBytes {
  const bytes = Buffer.allocUnsafe(JPEG_PREFIX.length + Math.ceil(jpeg.length / 3) * 4);
  bytes.write(JPEG_PREFIX, 0, 'latin1');
  const base64 = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.length).toString('base64');
  bytes.write(base64, JPEG_PREFIX.length, 'latin1');
  return bytes as DataUrlBytes;
}

/** The data URL as text, for what needs a string (a batch's JSONL line, a test's look at the upload). */
export function dataUrlText(bytes: DataUrlBytes): string {
  return bytes.toString('latin1');
}

/** The image a data URL carries. */
export function dataUrlPayload(bytes: DataUrlBytes): Buffer {
  return Buffer.from(bytes.subarray(bytes.indexOf(0x2c) + 1).toString('latin1'), 'base64');
}
