// Readers for the committed icon containers, written from the formats' specifications independently of
// resources/scripts/iconContainers.ts, so a mistake in the writer cannot hide in a matching reader.

export interface IconEntry {
  /** The size the container declares for the entry. */
  declared: number;
  /** The embedded PNG's own width and height, or null when the entry is not a PNG. */
  png: { width: number; height: number } | null;
  /** For icns, the element type. */
  type?: string;
}

export function readPngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return null;
  if (bytes.subarray(12, 16).toString('ascii') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function readIco(bytes: Buffer): IconEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = bytes.readUInt16LE(4);
  const entries: IconEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const width = bytes.readUInt8(at) || 256;
    const height = bytes.readUInt8(at + 1) || 256;
    if (width !== height) throw new Error(`ICO entry ${i} is not square`);
    const size = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    if (offset + size > bytes.length) throw new Error(`ICO entry ${i} runs past the end of the file`);
    entries.push({ declared: width, png: readPngSize(bytes.subarray(offset, offset + size)) });
  }
  return entries;
}

/** Pixel sizes of the PNG-carrying icns element types (Apple's icns format, as iconutil writes it). */
const ICNS_TYPE_PIXELS: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};

export function readIcns(bytes: Buffer): IconEntry[] {
  if (bytes.subarray(0, 4).toString('latin1') !== 'icns') throw new Error('not an icns file');
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error('icns length does not match the file');
  const entries: IconEntry[] = [];
  let at = 8;
  while (at < bytes.length) {
    const type = bytes.subarray(at, at + 4).toString('latin1');
    const length = bytes.readUInt32BE(at + 4);
    if (length < 8 || at + length > bytes.length) throw new Error(`icns element ${type} is cut off`);
    const declared = ICNS_TYPE_PIXELS[type];
    if (declared !== undefined) {
      entries.push({ type, declared, png: readPngSize(bytes.subarray(at + 8, at + length)) });
    }
    at += length;
  }
  return entries;
}
