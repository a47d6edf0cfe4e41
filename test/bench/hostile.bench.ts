// Hostile input (issue 11): what a crafted sidecar and a huge JPEG-headed file cost now, beside what the
// code they replaced cost in the same run. The XMP baseline is the lazy regular expression that read
// rdf:li items before; the JPEG baseline reads the file whole, as the truncation check did.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseXmp, tryParseXmp } from '../../electron/core/export/xmpTree';
import { assertJpegComplete } from '../../electron/core/imaging/format';
import { corpusPath } from '../support/corpus';
import { unclosedItemsSidecar } from '../support/craftedXmp';
import { fmt, printBlock } from './benchSupport';

const OLD_ITEMS = /<rdf:li\b([^>]*)>([\s\S]*?)<\/rdf:li>/g;

function ms(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function wellFormed(bytes: number): string {
  const item = '<rdf:li>keyword</rdf:li>';
  return `<x:xmpmeta><rdf:RDF><rdf:Description><dc:subject><rdf:Bag>${item.repeat(
    Math.floor(bytes / item.length),
  )}</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`;
}

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

export async function main(): Promise<void> {
  // Warm both readers up, then time the larger of two sizes against the smaller: 10x the bytes should
  // cost about 10x for a linear reader and about 100x for a quadratic one.
  for (let i = 0; i < 3; i++) parseXmp(wellFormed(100 * 1024));
  const linearSmall = ms(() => parseXmp(wellFormed(100 * 1024)));
  const linearLarge = ms(() => parseXmp(wellFormed(1000 * 1024)));
  const crafted = ms(() => tryParseXmp(unclosedItemsSidecar(1000 * 1024)));
  const oldSmall = ms(() => [...unclosedItemsSidecar(20 * 1024).matchAll(OLD_ITEMS)]);
  const oldLarge = ms(() => [...unclosedItemsSidecar(200 * 1024).matchAll(OLD_ITEMS)]);

  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-hostile-'));
  try {
    const huge = join(dir, 'huge.jpg');
    writeFileSync(huge, readFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg')));
    truncateSync(huge, 3 * 2 ** 30);
    const before = rssMb();
    const check = performance.now();
    const outcome = await assertJpegComplete(huge).then(
      () => 'complete',
      (error: unknown) => String(error),
    );
    const checkMs = performance.now() - check;
    const checkRss = rssMb() - before;
    // The baseline: read whole, as before (on a quarter-gigabyte file: 3 GB cannot be read whole at all).
    const quarter = join(dir, 'quarter.jpg');
    writeFileSync(quarter, readFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg')));
    truncateSync(quarter, 2 ** 28);
    const baseBefore = rssMb();
    const baseStart = performance.now();
    const whole = await readFile(quarter);
    const baseMs = performance.now() - baseStart;
    const baseRss = rssMb() - baseBefore;
    printBlock('Hostile input', [
      [
        'XMP parse, 1 MB vs 100 KB of keywords',
        `${fmt(linearLarge)} / ${fmt(linearSmall)} ms, ratio ${fmt(linearLarge / linearSmall)} for 10x the bytes`,
      ],
      ['XMP parse, 1 MB of unclosed rdf:li', `${fmt(crafted)} ms (refused as not well-formed)`],
      [
        'old rdf:li regex, 200 KB vs 20 KB unclosed',
        `${fmt(oldLarge)} / ${fmt(oldSmall)} ms, ratio ${fmt(oldLarge / oldSmall)} for 10x the bytes`,
      ],
      [
        'JPEG check of a 3 GB JPEG-headed file',
        `${fmt(checkMs)} ms, resident +${fmt(checkRss)} MB (${outcome.replace(/^UnreadableImageError: /, '')})`,
      ],
      [
        'baseline: reading a 256 MB file whole',
        `${fmt(baseMs)} ms, resident +${fmt(baseRss)} MB (${whole.length.toLocaleString('en-US')} bytes)`,
      ],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
