// A progressive JPEG sends its picture in several scans, coarse first. A file cut short and closed with an
// end marker decodes "fine" as a blurry picture; reading the scan headers tells whether every component
// received its final DC and AC coefficients. The headers are read through a window, never the whole file:
// a baseline JPEG is settled by its frame header, a progressive one by walking its scans.
import { ByteWindow, type ByteReader } from './byteReader';

const SOF_PROGRESSIVE = new Set([0xc2, 0xc6, 0xca, 0xce]);

function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Null when the JPEG is complete (or not progressive); otherwise why it is not. */
export async function progressiveJpegGap(reader: ByteReader): Promise<string | null> {
  const bytes = new ByteWindow(reader);
  const size = bytes.size;
  let offset = 2;
  let progressive = false;
  const components: number[] = [];
  const dcDone = new Set<number>();
  const acDone = new Map<number, boolean[]>();
  while (offset + 4 <= size) {
    const head = await bytes.slice(offset, 4);
    if (head[0] !== 0xff) return null;
    const marker = head[1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9) break;
    const length = (head[2]! << 8) | head[3]!;
    const segment = offset + 4;
    if (isFrameHeader(marker)) {
      progressive = SOF_PROGRESSIVE.has(marker);
      // A baseline picture has one scan and nothing left to check.
      if (!progressive) return null;
      const frame = await bytes.slice(segment, Math.max(0, length - 2));
      const count = frame[5] ?? 0;
      for (let i = 0; i < count; i++) components.push(frame[6 + i * 3]!);
    }
    offset = segment + length - 2;
    if (marker === 0xda) {
      const scan = await bytes.slice(segment, Math.max(0, length - 2));
      const count = scan[0] ?? 0;
      const ids = Array.from({ length: count }, (_, i) => scan[1 + i * 2]!);
      const spectralStart = scan[1 + count * 2]!;
      const spectralEnd = scan[2 + count * 2]!;
      const approximationLow = scan[3 + count * 2]! & 0x0f;
      if (approximationLow === 0) {
        for (const id of ids) {
          if (spectralStart === 0) dcDone.add(id);
          const ac = acDone.get(id) ?? new Array<boolean>(64).fill(false);
          for (let k = Math.max(1, spectralStart); k <= spectralEnd && k < 64; k++) ac[k] = true;
          acDone.set(id, ac);
        }
      }
      const next = await nextMarker(bytes, offset);
      if (next === null) return progressive ? 'the file ends inside a scan' : null;
      offset = next;
    }
  }
  if (!progressive || components.length === 0) return null;
  for (const id of components) {
    const ac = acDone.get(id);
    if (!dcDone.has(id) || !ac || ac.slice(1).some((done) => !done)) {
      return 'a progressive JPEG cut short: only its first, blurry scans are there';
    }
  }
  return null;
}

/**
 * Past the entropy-coded data from `offset`: the next marker that is not a stuffed byte or a restart, or
 * null when the file ends first.
 */
async function nextMarker(bytes: ByteWindow, from: number): Promise<number | null> {
  let offset = from;
  while (offset < bytes.size) {
    const chunk = await bytes.slice(offset, 64 * 1024);
    const found = chunk.indexOf(0xff);
    if (found === -1) {
      offset += chunk.length;
      continue;
    }
    const next = offset + found;
    if (next + 1 >= bytes.size) return null;
    const following = (await bytes.slice(next + 1, 1))[0]!;
    if (following === 0x00 || (following >= 0xd0 && following <= 0xd7) || following === 0xff) {
      offset = next + (following === 0xff ? 1 : 2);
      continue;
    }
    return next;
  }
  return null;
}
