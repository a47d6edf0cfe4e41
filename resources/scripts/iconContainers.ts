// The two icon containers the installers need, written from PNGs we already have, so no ImageMagick,
// iconutil or png2icons is needed. Both formats have carried PNG-compressed entries for years: an ICO entry
// may hold a PNG (Windows Vista and later), and every modern icns type below is a PNG.

export interface PngImage {
  /** Width and height in pixels (the icons are square). */
  size: number;
  png: Buffer;
}

/** A PNG's width and height from its IHDR chunk, or null when the bytes are not a PNG. */
export function pngDimensions(png: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature)) return null;
  if (png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** ICO: a 6-byte header, a 16-byte directory entry per image, then the PNGs one after another. */
export function encodeIco(images: readonly PngImage[]): Buffer {
  for (const image of images) {
    if (image.size < 1 || image.size > 256) throw new Error(`An ICO entry is 1 to 256 px, not ${image.size}`);
  }
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be a cursor)
  header.writeUInt16LE(images.length, 4);
  let offset = header.length + 16 * images.length;
  const entries = images.map((image) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(image.size === 256 ? 0 : image.size, 0); // 0 means 256
    entry.writeUInt8(image.size === 256 ? 0 : image.size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(image.png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += image.png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/**
 * The icns element types that hold a PNG, by the pixel size of that PNG. Retina types (ic11–ic14) repeat a
 * size under the point size they serve, as Apple's iconutil writes them.
 */
export const ICNS_PNG_TYPES: ReadonlyArray<{ type: string; pixels: number }> = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 },
  { type: 'ic12', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic13', pixels: 256 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic14', pixels: 512 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic10', pixels: 1024 },
];

/** icns: 'icns' and the file length, then per element its 4-character type, its length and its PNG. */
export function encodeIcns(images: readonly PngImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const elements = ICNS_PNG_TYPES.map(({ type, pixels }) => {
    const png = bySize.get(pixels);
    if (!png) throw new Error(`icns type ${type} needs a ${pixels} px PNG`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const length = 8 + elements.reduce((sum, element) => sum + element.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(length, 4);
  return Buffer.concat([head, ...elements]);
}
