// The ingest worker's part of a new photo alone (read and hash, probe, thumbnail, difference hash, words:
// readPhoto then decodeForIngest in the hash pool's worker thread), beside bare sharp thumbnailing of the same
// files in the same run. CPU of this process per photo, by thread: the scale benchmark's figure for the
// worker, without the server, the catalogue and the reference data around it. BENCH_WORKER_DECODE_PHOTOS
// photos (default 2,000) of the scale benchmark's tiny JPEGs, four in flight as ingest keeps them.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createHashPool } from '../../electron/core/library/hashPool';
import { fmt, mapLimit, printBlock } from './benchSupport';
import { cpuMsByThread, cpuSeconds, threadCpuSeconds } from './scaleClient';
import { scaleTree } from './scaleTree';

const IN_FLIGHT = 4;
const WARM_UP = 100;

async function measured(
  photos: number,
  work: () => Promise<void>,
): Promise<{ cpuMs: number; byThread: Array<[string, number]> }> {
  const threadsBefore = threadCpuSeconds(process.pid);
  const before = cpuSeconds(process.pid);
  await work();
  const used = cpuSeconds(process.pid) - before;
  return {
    cpuMs: (used * 1000) / photos,
    byThread: cpuMsByThread(threadsBefore, threadCpuSeconds(process.pid), used, photos),
  };
}

export async function main(photos = Number(process.env.BENCH_WORKER_DECODE_PHOTOS ?? 2000)) {
  const { files } = await scaleTree(5000);
  // The first photos warm both paths up (the worker loads and compiles its modules) and are not counted.
  const warmUp = files.slice(0, WARM_UP);
  const sample = files.slice(WARM_UP, WARM_UP + photos);
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-worker-decode-'));
  const pool = createHashPool(1);
  try {
    const bareDir = join(scratch, 'bare');
    mkdirSync(bareDir);
    const bareSharp = (list: string[], prefix: string) =>
      mapLimit(list, IN_FLIGHT, async (file, i) => {
        await sharp(file)
          .rotate()
          .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 75 })
          .toFile(join(bareDir, `${prefix}${i}.webp`));
      }).then(() => undefined);
    await bareSharp(warmUp, 'warm-');
    const bare = await measured(sample.length, () => bareSharp(sample, ''));
    const thumbs = join(scratch, 'thumbs');
    let failed = 0;
    const workerDecode = (list: string[]) =>
      mapLimit(list, IN_FLIGHT, async (file) => {
        const read = await pool.read(file);
        const target = join(thumbs, read.hash.slice(0, 2), `${read.hash}-thumb.webp`);
        const done = await pool.decode(file, read.bytes!, target, true, true);
        if (done.kind !== 'decoded' || !done.fingerprint) failed++;
      }).then(() => undefined);
    await workerDecode(warmUp);
    const decode = await measured(sample.length, () => workerDecode(sample));
    if (failed > 0) throw new Error(`${failed} photos were not decoded with a fingerprint`);
    const threads = (byThread: Array<[string, number]>) =>
      byThread
        .filter(([, ms]) => ms >= 0.01)
        .map(([name, ms]) => `${name} ${fmt(ms, 2)}`)
        .join(' · ');
    printBlock(`Worker decode: ${sample.length.toLocaleString('en-US')} tiny JPEGs, ${IN_FLIGHT} in flight`, [
      ['bare sharp thumbnail, CPU per photo', `${fmt(bare.cpuMs, 2)} ms (${threads(bare.byThread)})`],
      ['read + decodeForIngest, CPU per photo', `${fmt(decode.cpuMs, 2)} ms (${threads(decode.byThread)})`],
      ['bare / worker decode', fmt(bare.cpuMs / decode.cpuMs, 2)],
    ]);
  } finally {
    await pool.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
