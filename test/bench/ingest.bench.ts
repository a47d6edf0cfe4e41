// Ingest: how fast Shoebox turns new files into catalogued photos (scan + hash + metadata + thumbnail +
// insert), beside bare sharp thumbnailing of the same files in the same run. The reference data (WordNet,
// places) is built beforehand, as on any start after the first: its first-start build, seconds of CPU once per
// data folder, would otherwise be counted against the photos of a short run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { pathToFileURL } from 'node:url';
import { createCore } from '../../electron/core/createCore';
import { silentLog } from '../../electron/core/log';
import { waitForCatalogued } from '../support/coreHarness';
import { fmt, mapLimit, printBlock, syntheticPhotos } from './benchSupport';
import { prebuiltReferenceData } from './referenceData';

export async function main(count = Number(process.env.BENCH_INGEST_COUNT ?? 2000), longSide = 2048) {
  const photos = await syntheticPhotos(count, longSide);
  await prebuiltReferenceData();
  const files = readdirSync(photos).map((name) => join(photos, name));
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-ingest-'));

  // CPU of this process (every thread): unlike the rates, not moved by what else the machine runs.
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const bareCpu = cpuMs();
  const bareStart = performance.now();
  await mapLimit(files, 2, async (file, i) => {
    await sharp(file)
      .rotate()
      .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(join(scratch, `${i}.webp`));
  });
  const bareSeconds = (performance.now() - bareStart) / 1000;
  const bareCpuPerPhoto = (cpuMs() - bareCpu) / count;

  const core = await createCore({ dataDir: join(scratch, 'data'), env: {}, mode: 'browser', log: silentLog });
  const shoeboxCpu = cpuMs();
  const start = performance.now();
  await core.api['folders.add']({ path: photos });
  await waitForCatalogued(core, count);
  const shoeboxSeconds = (performance.now() - start) / 1000;
  const shoeboxCpuPerPhoto = (cpuMs() - shoeboxCpu) / count;
  await core.stop();
  rmSync(scratch, { recursive: true, force: true });

  const bareRate = count / bareSeconds;
  const shoeboxRate = count / shoeboxSeconds;
  printBlock(`Ingest: ${count} distinct JPEGs, ${longSide} px long side`, [
    ['bare sharp thumbnails', `${fmt(bareRate)} photos/s (${fmt(bareSeconds)} s)`],
    ['Shoebox ingest', `${fmt(shoeboxRate)} photos/s (${fmt(shoeboxSeconds)} s)`],
    ['ratio Shoebox / bare sharp', fmt(shoeboxRate / bareRate, 2)],
    [
      'CPU per photo (all threads)',
      `Shoebox ${fmt(shoeboxCpuPerPhoto, 2)} ms, bare sharp ${fmt(bareCpuPerPhoto, 2)} ms; bare / Shoebox ${fmt(bareCpuPerPhoto / shoeboxCpuPerPhoto, 2)}`,
    ],
  ]);
  return { bareRate, shoeboxRate };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
