// A progressive JPEG sends its picture in several scans, coarse first. A file cut short and closed with an
// end marker decodes "fine" as a blurry picture; reading the scan headers tells whether every component
// received its final DC and AC coefficients.

const SOF_PROGRESSIVE = new Set([0xc2, 0xc6, 0xca, 0xce]);

/** Null when the JPEG is complete (or not progressive); otherwise why it is not. */
export function progressiveJpegGap(bytes: Uint8Array): string | null {
  let offset = 2;
  let progressive = false;
  const components: number[] = [];
  const dcDone = new Set<number>();
  const acDone = new Map<number, boolean[]>();
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd9) break;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const segment = offset + 4;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      progressive = SOF_PROGRESSIVE.has(marker);
      const count = bytes[segment + 5] ?? 0;
      for (let i = 0; i < count; i++) components.push(bytes[segment + 6 + i * 3]!);
    }
    offset = segment + length - 2;
    if (marker === 0xda) {
      const count = bytes[segment] ?? 0;
      const ids = Array.from({ length: count }, (_, i) => bytes[segment + 1 + i * 2]!);
      const spectralStart = bytes[segment + 1 + count * 2]!;
      const spectralEnd = bytes[segment + 2 + count * 2]!;
      const approximationLow = bytes[segment + 3 + count * 2]! & 0x0f;
      if (approximationLow === 0) {
        for (const id of ids) {
          if (spectralStart === 0) dcDone.add(id);
          const ac = acDone.get(id) ?? new Array<boolean>(64).fill(false);
          for (let k = Math.max(1, spectralStart); k <= spectralEnd && k < 64; k++) ac[k] = true;
          acDone.set(id, ac);
        }
      }
      // Skip the entropy-coded data: up to the next marker that is not a stuffed byte or a restart.
      while (offset < bytes.length) {
        const next = bytes.indexOf(0xff, offset);
        if (next === -1 || next + 1 >= bytes.length)
          return progressive ? 'the file ends inside a scan' : null;
        const following = bytes[next + 1]!;
        if (following === 0x00 || (following >= 0xd0 && following <= 0xd7) || following === 0xff) {
          offset = next + (following === 0xff ? 1 : 2);
          continue;
        }
        offset = next;
        break;
      }
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
