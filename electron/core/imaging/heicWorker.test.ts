import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { heicWorker } from './heicWorker';

/** Turns of this thread's event loop until `work` settles: a thread that did the work itself would make none. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ result: T; turns: number }> {
  let settled = false;
  let turns = 0;
  const tick = (): void => {
    if (settled) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work.finally(() => {
    settled = true;
  });
  return { result, turns };
}

describe('HEIC decoding', () => {
  it('runs beside the main thread: its event loop keeps turning while a 12-megapixel HEIC decodes', async () => {
    const buffer = readFileSync(corpusPath('formats/heic_iphone-xr_color-checker-chart.heic'));
    const { result, turns } = await turnsDuring(heicWorker.decode(buffer, 50_000_000));
    expect(result.kind).toBe('decoded');
    if (result.kind === 'decoded') expect([result.image.width, result.image.height]).toEqual([4032, 3024]);
    // heic-decode run on this thread leaves 1 to 11 turns in all (measured); beside the worker, this thread
    // turns hundreds of thousands of times.
    console.log(`HEIC decode in the worker: ${turns} turns of the main event loop meanwhile`);
    expect(turns).toBeGreaterThan(1_000);
  });

  it('refuses an image larger than the limit before decoding its pixels', async () => {
    const buffer = readFileSync(corpusPath('formats/heic_iphone-xr_color-checker-chart.heic'));
    const result = await heicWorker.decode(buffer, 1_000_000);
    expect(result).toEqual({ kind: 'too-large', width: 4032, height: 3024 });
  });
});
