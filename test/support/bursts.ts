import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export interface BurstSpec {
  /** A corpus photo the burst is made from. */
  source: string;
  /** Folder the shots are written to. */
  dir: string;
  /** Shots in the burst. */
  shots: number;
  /** Name of the first shot's number: IMG_<first>.jpg, IMG_<first + 1>.jpg… */
  first: number;
  /** The camera's wall-clock time of the first shot; each next shot is `stepSeconds` later. */
  takenAt: Date;
  stepSeconds?: number;
  camera?: { make: string; model: string };
}

function exifDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}:${pad(date.getUTCMonth() + 1)}:${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/**
 * A real-looking burst cut from one photo: each shot is shifted a little further, cropped a little, its
 * exposure nudged up or down, re-encoded, and stamped with the camera and a time one step later, as a
 * camera's burst mode writes them. Returns the paths, first shot first.
 */
export async function writeBurst(spec: BurstSpec): Promise<string[]> {
  mkdirSync(spec.dir, { recursive: true });
  const step = spec.stepSeconds ?? 1;
  const camera = spec.camera ?? { make: 'Shoebox', model: 'Burst Camera' };
  const upright = await sharp(spec.source).rotate().toBuffer();
  const { width, height } = await sharp(upright).metadata();
  const paths: string[] = [];
  for (let shot = 0; shot < spec.shots; shot++) {
    const shift = shot * 0.004;
    const crop = 0.96 - (shot % 3) * 0.01;
    const w = Math.round(width! * crop);
    const h = Math.round(height! * crop);
    const left = Math.min(width! - w, Math.round(width! * (0.01 + shift)));
    const top = Math.min(height! - h, Math.round(height! * 0.02));
    const taken = new Date(spec.takenAt.getTime() + shot * step * 1000);
    const path = join(spec.dir, `IMG_${spec.first + shot}.jpg`);
    await sharp(upright)
      .extract({ left, top, width: w, height: h })
      .modulate({ brightness: 1 + ((shot % 3) - 1) * 0.08 })
      .jpeg({ quality: 84 + (shot % 4) })
      .withExif({
        IFD0: { Make: camera.make, Model: camera.model },
        IFD2: { DateTimeOriginal: exifDate(taken) },
      })
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

/** The same pixels in another container (a PNG), with no camera or time: "identical after decoding". */
export async function writeResavedCopy(source: string, path: string): Promise<string> {
  await sharp(source).rotate().png().toFile(path);
  return path;
}
