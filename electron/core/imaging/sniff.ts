import { basename } from 'node:path';
import { isRawFile, RAW_EXTENSIONS } from './rawFormat';

// What a file is, by its first bytes: extensions lie (a phone export's HEIC named .jpg, a PNG named .jpg).
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heic' | 'avif' | 'bmp' | 'raw';

const CANDIDATE_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'png',
  'webp',
  'gif',
  'tif',
  'tiff',
  'heic',
  'heif',
  'avif',
  'bmp',
  ...RAW_EXTENSIONS,
]);

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** Names worth opening: image extensions, and never hidden files (macOS "._" forks among them). */
export function isCandidateImageName(fileName: string): boolean {
  if (fileName.startsWith('.')) return false;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && CANDIDATE_EXTENSIONS.has(fileName.slice(dot + 1).toLowerCase());
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && ascii(head, 1, 3) === 'PNG' && head[0] === 0x89) return 'png';
  if (head.length >= 6 && ascii(head, 0, 4) === 'GIF8') return 'gif';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  if (head.length >= 4 && ['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(ascii(head, 0, 4))) return 'tiff';
  if (head.length >= 2 && ascii(head, 0, 2) === 'BM') return 'bmp';
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') {
    const boxSize = Math.min(head.length, (head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!);
    const brands = [ascii(head, 8, 4)];
    for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(head, offset, 4));
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
    if (brands.some((brand) => HEIC_BRANDS.has(brand) || brand === 'mif1' || brand === 'msf1')) return 'heic';
  }
  return null;
}

/** The format by the first bytes, and by the name only where a RAW shares the TIFF container. */
export function sniffFileFormat(head: Uint8Array, path: string): ImageFormat | null {
  return isRawFile(head, basename(path)) ? 'raw' : sniffImageFormat(head);
}

/** A human reason for a file that is not any image format we know. */
export function describeNonImage(head: Uint8Array): string {
  if (head.length === 0) return 'file is empty';
  const sample = head.subarray(0, 512);
  const printable = sample.filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
  if (printable.length / sample.length > 0.95) return 'not an image (looks like text)';
  return 'not an image in a format Shoebox can read';
}
