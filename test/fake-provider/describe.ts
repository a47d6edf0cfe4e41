// How the fake provider "sees": corpus photos are recognised by a perceptual hash of their pixels (which
// survives the resizing and re-encoding Shoebox does before upload) and described with the words of
// MANIFEST.tsv; any other picture gets a plain description from its colours and shape. Deterministic, so
// tests can search for words the fake will say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { CORPUS_DIR } from '../support/corpus';

export interface Description {
  caption: string;
  tags: string[];
}

interface KnownImage {
  file: string;
  hash: bigint;
  description: Description;
}

const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it its of on or the to with under over near camera date orientation icc jpeg normal'.split(
    ' ',
  ),
);

/** A 64-bit difference hash of the upright, greyscale picture. */
export async function perceptualHash(input: string | Buffer): Promise<bigint> {
  const pixels = await sharp(input, { failOn: 'none', pages: 1 })
    .rotate()
    .greyscale()
    .resize(9, 8, { fit: 'fill' })
    .raw()
    .toBuffer();
  let hash = 0n;
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      hash = (hash << 1n) | (pixels[row * 9 + col]! > pixels[row * 9 + col + 1]! ? 1n : 0n);
    }
  }
  return hash;
}

function hamming(a: bigint, b: bigint): number {
  let x = a ^ b;
  let count = 0;
  while (x) {
    count += Number(x & 1n);
    x >>= 1n;
  }
  return count;
}

export function describeFromNotes(notes: string, fileName: string): Description {
  const scene = notes.split(';')[0]!.trim();
  const caption = `${scene.charAt(0).toUpperCase()}${scene.slice(1)}.`.replace(/\.\.$/, '.');
  const words = [...scene.toLowerCase().matchAll(/\p{L}{3,}/gu)].map((m) => m[0]);
  const fromName = [
    ...fileName
      .toLowerCase()
      .replace(/\.\w+$/, '')
      .matchAll(/\p{L}{3,}/gu),
  ].map((m) => m[0]);
  const tags = [...new Set([...words, ...fromName])].filter((w) => !STOP_WORDS.has(w));
  for (const filler of ['photo', 'picture', 'image', 'scene', 'detail']) {
    if (tags.length >= 5) break;
    if (!tags.includes(filler)) tags.push(filler);
  }
  return { caption, tags: tags.slice(0, 15) };
}

let known: Promise<KnownImage[]> | null = null;

/** The corpus images the fake can recognise, hashed once per process. */
export function knownImages(): Promise<KnownImage[]> {
  known ??= (async () => {
    let manifest: string;
    try {
      manifest = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8');
    } catch {
      return [];
    }
    const rows = manifest
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .filter(
        (cols) =>
          /^(photos|exif|formats)\//.test(cols[0] ?? '') &&
          !/heic|heif|bmp|jp2|jxl|psd|raw_|mpo/.test(cols[0]!),
      );
    const images: KnownImage[] = [];
    for (const cols of rows) {
      const file = cols[0]!;
      try {
        const hash = await perceptualHash(join(CORPUS_DIR, file));
        images.push({ file, hash, description: describeFromNotes(cols[8] ?? '', file.split('/')[1]!) });
      } catch {
        // Files sharp cannot read are simply not recognisable.
      }
    }
    return images;
  })();
  return known;
}

const COLOURS: Array<[string, [number, number, number]]> = [
  ['red', [200, 40, 40]],
  ['orange', [230, 140, 40]],
  ['yellow', [220, 210, 60]],
  ['green', [60, 150, 60]],
  ['blue', [50, 90, 200]],
  ['purple', [130, 60, 160]],
  ['brown', [120, 80, 50]],
  ['grey', [128, 128, 128]],
  ['white', [235, 235, 235]],
  ['black', [20, 20, 20]],
];

/**
 * The picture's mean red, green and blue, from a 64 × 64 reduction: a JPEG then decodes at an eighth of its
 * size (sharp's stats() would decode all of it, 38 ms a 1024 px upload, and the fake shares the machine's cores
 * with the Shoebox it serves). The means move by a fraction of a level.
 */
async function meanColour(image: Buffer): Promise<[number, number, number]> {
  const { data, info } = await sharp(image)
    .resize(64, 64, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) {
    for (let c = 0; c < 3; c++) sums[c]! += data[i + Math.min(c, info.channels - 1)]!;
  }
  const pixels = info.width * info.height;
  return [sums[0]! / pixels, sums[1]! / pixels, sums[2]! / pixels];
}

async function describeFromPixels(image: Buffer): Promise<Description> {
  const [r, g, b] = await meanColour(image);
  const colour = COLOURS.map(
    ([name, [cr, cg, cb]]) => [name, (r - cr) ** 2 + (g - cg) ** 2 + (b - cb) ** 2] as const,
  ).sort((x, y) => x[1] - y[1])[0]![0];
  const meta = await sharp(image).metadata();
  const shape =
    (meta.width ?? 1) > (meta.height ?? 1)
      ? 'landscape'
      : (meta.width ?? 1) < (meta.height ?? 1)
        ? 'portrait'
        : 'square';
  const light = (r + g + b) / 3 > 128 ? 'bright' : 'dark';
  return {
    caption: `A ${light} ${shape} picture dominated by ${colour} tones.`,
    tags: [colour, shape, light, 'picture', 'colour'],
  };
}

export async function describeImage(image: Buffer): Promise<Description> {
  const hash = await perceptualHash(image);
  let best: KnownImage | null = null;
  let bestDistance = Infinity;
  for (const candidate of await knownImages()) {
    const distance = hamming(hash, candidate.hash);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best && bestDistance <= 8 ? best.description : describeFromPixels(image);
}
