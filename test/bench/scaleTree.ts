// The scale benchmark's library: `photos` distinct tiny JPEGs, ten to a folder, in year/event folders as a
// camera library is. Encoded by sharp from raw pixel buffers (a colour and a pattern of its own per photo, so
// every file has its own hash) and cached in the temp folder between runs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { mapLimit } from '../support/syntheticPhotos';

const WIDTH = 96;
const HEIGHT = 72;
const PER_FOLDER = 10;
const VERSION = 3;

export interface ScaleTree {
  root: string;
  files: string[];
  folders: number;
}

function photoPath(root: string, i: number): string {
  const folder = Math.floor(i / PER_FOLDER);
  return join(
    root,
    String(2000 + (folder % 25)),
    `event ${String(folder).padStart(6, '0')}`,
    `IMG_${String(i % PER_FOLDER).padStart(4, '0')}.jpg`,
  );
}

/** Raw RGB pixels unique to photo `i`: its number spelt into a gradient. */
function pixels(i: number): Buffer {
  const buffer = Buffer.alloc(WIDTH * HEIGHT * 3);
  const r = (i * 37) % 256;
  const g = (i * 101) % 256;
  const b = (i >> 8) % 256;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const at = (y * WIDTH + x) * 3;
      // Every bit of i has a band of columns of its own (24 bands of 4 columns): the r, g and b terms repeat
      // after 256 or 65,536 photos, so without the bands a large tree would hold copies. A set bit moves the
      // band's blue by 128: as 255 - b it moved by 1 where b is 127 or 128, which the JPEG encoding lost, and
      // version 2 of the 200,000-photo tree held 67 sets of identical files (199,931 photos).
      const bit = (i >> ((x >> 2) % 24)) & 1;
      buffer[at] = (r + x * 2) % 256;
      buffer[at + 1] = (g + y * 3) % 256;
      buffer[at + 2] = bit ? b ^ 0x80 : b;
    }
  }
  return buffer;
}

export function encodePhoto(i: number): Promise<Buffer> {
  return sharp(pixels(i), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** `name` keeps a tree of its own for a benchmark that changes files in it. */
export async function scaleTree(photos: number, name = 'scale'): Promise<ScaleTree> {
  const root = join(tmpdir(), `shoebox-bench-${name}-${photos}-v${VERSION}`);
  const marker = join(root, '..', `shoebox-bench-${name}-${photos}-v${VERSION}.done`);
  const files = Array.from({ length: photos }, (_, i) => photoPath(root, i));
  const folders = Math.ceil(photos / PER_FOLDER);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(photos)) return { root, files, folders };
  rmSync(root, { recursive: true, force: true });
  const started = performance.now();
  for (let f = 0; f < folders; f++) mkdirSync(join(files[f * PER_FOLDER]!, '..'), { recursive: true });
  // The benchmarks' figures are for distinct photos: a copy would be linked, not decoded, and counted once.
  const made = new Map<string, number>();
  await mapLimit(files, availableParallelism() * 2, async (path, i) => {
    const bytes = await encodePhoto(i);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const twin = made.get(hash);
    if (twin !== undefined) throw new Error(`photos ${twin} and ${i} of the scale tree are the same file`);
    made.set(hash, i);
    await writeFile(path, bytes);
  });
  writeFileSync(marker, String(photos));
  console.log(
    `  (generated ${photos.toLocaleString('en-US')} JPEGs in ${((performance.now() - started) / 1000).toFixed(0)} s under ${root})`,
  );
  return { root, files, folders };
}
