// How much a RAW costs to show and upload against the same picture as a plain JPEG: the RAW path reads the
// file's tags and extracts its largest preview through the shared exiftool process, then does what the JPEG
// path does. Run alone with `npm run bench -- raw`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareUpload, ThumbnailStore } from '../../electron/core/imaging/index';
import { closeRawExiftool } from '../../electron/core/imaging/rawExiftool';
import { largestRawPreview } from '../../electron/core/imaging/rawPreview';
import { corpusPath } from '../support/corpus';
import { fmt, percentile, printBlock } from './benchSupport';

const ROUNDS = Number(process.env.SHOEBOX_BENCH_RAW_ROUNDS ?? 12);

async function timeEach(rounds: number, work: (round: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await work(round);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-raw-'));
  try {
    const raw = corpusPath('formats/raw_cr3_canon-eos-r6_pruned-with-embedded-preview.cr3');
    // The baseline: the very JPEG the RAW carries, as a file of its own.
    const jpeg = join(dir, 'preview.jpg');
    writeFileSync(jpeg, (await largestRawPreview(raw)).jpeg);
    const hash = (kind: string, round: number) => `${kind}${round}`.padStart(64, '0');
    const store = new ThumbnailStore(join(dir, 'thumbs'));
    const jpegThumb = await timeEach(ROUNDS, (round) => store.ensure(hash('a', round), jpeg, 'thumb'));
    const rawThumb = await timeEach(ROUNDS, (round) => store.ensure(hash('b', round), raw, 'thumb'));
    const jpegUpload = await timeEach(ROUNDS, () => prepareUpload(jpeg, 1024));
    const rawUpload = await timeEach(ROUNDS, () => prepareUpload(raw, 1024));
    const line = (times: number[], base: number[]): string =>
      `median ${fmt(percentile(times, 50))} ms, p90 ${fmt(percentile(times, 90))} ms` +
      (times === base
        ? ' (baseline)'
        : ` = ${fmt(percentile(times, 50) / percentile(base, 50), 2)}× the JPEG's`);
    printBlock(`RAW previews (CR3 with a 1620×1080 preview, ${ROUNDS} rounds each)`, [
      ['thumbnail from the JPEG', line(jpegThumb, jpegThumb)],
      ['thumbnail from the CR3', line(rawThumb, jpegThumb)],
      ['upload from the JPEG', line(jpegUpload, jpegUpload)],
      ['upload from the CR3', line(rawUpload, jpegUpload)],
    ]);
  } finally {
    await closeRawExiftool();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
