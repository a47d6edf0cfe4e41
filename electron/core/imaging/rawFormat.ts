// Camera RAW files, told apart from ordinary TIFFs: CR3, RAF, RW2 and ORF have magic bytes of their own; CR2,
// NEF, ARW, DNG and PEF are TIFF containers, so only a TIFF header together with a RAW extension says RAW.
export const RAW_EXTENSIONS = ['cr2', 'cr3', 'nef', 'arw', 'dng', 'orf', 'raf', 'rw2', 'pef'] as const;

const RAW_EXTENSION_SET = new Set<string>(RAW_EXTENSIONS);
const TIFF_HEADERS = ['II*\0', 'MM\0*'];
const ORF_HEADERS = ['IIRO', 'IIRS', 'MMOR'];

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export function isRawName(fileName: string): boolean {
  return RAW_EXTENSION_SET.has(extensionOf(fileName));
}

/** True when the first bytes (and, for TIFF-based RAWs, the name) say the file is a camera RAW. */
export function isRawFile(head: Uint8Array, fileName: string): boolean {
  if (head.length < 16) return false;
  if (ascii(head, 4, 8) === 'ftypcrx ') return true;
  if (ascii(head, 0, 15) === 'FUJIFILMCCD-RAW') return true;
  if (ascii(head, 0, 4) === 'IIU\0') return true;
  if (ORF_HEADERS.includes(ascii(head, 0, 4))) return true;
  return TIFF_HEADERS.includes(ascii(head, 0, 4)) && isRawName(fileName);
}
