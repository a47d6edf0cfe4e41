// A JPEG's size is in its frame header (SOF), a few hundred bytes in: read there, a probe needs no libvips
// image (sharp's metadata call cost a small photo's probe a thread-pool trip and a decoder set up and torn down).

/** Baseline, extended and progressive Huffman frames: what libjpeg in libvips reads, and reports the size of. */
const PLAIN_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const START_OF_SCAN = 0xda;

/** A frame header (SOF0–SOF15): every marker from C0 to CF but DHT, JPG and DAC. */
export function isFrameHeader(code: number): boolean {
  return code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc;
}

/**
 * Width and height from the first frame header of a JPEG's bytes, found by walking its segments; null when
 * the walk meets anything unusual (junk between segments, an arithmetic-coded, lossless or 12-bit frame, a size
 * of 0 that a DNL marker gives later, a cut-off header), so the caller asks libvips as before.
 */
export function jpegFrameSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const code = bytes[offset + 1]!;
    // Fill bytes before a marker.
    if (code === 0xff) {
      offset += 1;
      continue;
    }
    if (
      code === START_OF_SCAN ||
      code === 0xd9 ||
      code === 0x00 ||
      code === 0x01 ||
      (code >= 0xd0 && code <= 0xd8)
    )
      return null;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2) return null;
    if (isFrameHeader(code)) {
      if (!PLAIN_FRAMES.has(code) || length < 8 || offset + 9 > bytes.length) return null;
      if (bytes[offset + 4] !== 8) return null;
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    offset += 2 + length;
  }
  return null;
}
