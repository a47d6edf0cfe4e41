// Files a tester would throw at a photo library: each is built here, on the fly, in a temp folder.
import {
  closeSync,
  copyFileSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A complete, valid PNG of `side` × `side` 1-bit pixels, all black: a few tens of KB on disk that decode to
 * hundreds of millions of pixels.
 */
export function writeDecompressionBomb(path: string, side = 20_000): void {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.alloc(1 + Math.ceil(side / 8)); // filter byte 0, then zeros
  const raw = Buffer.alloc(row.length * side);
  const pixels = deflateSync(raw, { level: 9 });
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('IDAT', pixels),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** A JPEG header (SOI, JFIF, a 1000 × 1000 frame) followed by a hole: `bytes` long, nearly nothing on disk. */
export function writeSparseJpeg(path: string, bytes = 2 ** 30): void {
  const head = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x03, 0xe8, 0x03, 0xe8, 0x03, 0x01, 0x22, 0x00, 0x02,
    0x11, 0x01, 0x03, 0x11, 0x01,
  ]);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** The first `fraction` of a real file. */
export function writeTruncatedCopy(source: string, dest: string, fraction = 0.5): void {
  const bytes = readFileSync(source);
  writeFileSync(dest, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/**
 * An XMP sidecar of `bytes` holding nothing but unclosed `<dc:description>` openings: each one makes a
 * backtracking reader scan to the end again.
 */
export function writeCraftedSidecar(path: string, bytes = 3 * 2 ** 20): void {
  const head =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">';
  const unit = '<dc:description>';
  writeFileSync(path, head + unit.repeat(Math.floor((bytes - head.length) / unit.length)));
}

export function copyInto(source: string, dest: string): string {
  copyFileSync(source, dest);
  return dest;
}
