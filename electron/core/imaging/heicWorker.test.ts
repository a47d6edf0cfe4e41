import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { waitFor } from '../../../test/support/waitFor';
import { HeicWorker } from './heicWorker';
import { turnsDuring } from '../../../test/support/turnsDuring';

const HEIC = corpusPath('formats/heic_stonehenge_nikon-exif_gps_300x200.heic');
const IPHONE_HEIC = corpusPath('formats/heic_iphone-xr_color-checker-chart.heic');
const decoders: HeicWorker[] = [];
afterEach(async () => {
  // An idle decoder ends by itself; waiting for it keeps a thread from outliving its test.
  for (const decoder of decoders.splice(0))
    await waitFor('the decoder to end', () => !decoder.running || undefined, { timeoutMs: 10_000 });
});

describe('the HEIC decoder thread', () => {
  it('runs beside the main thread: its event loop keeps turning while a 12-megapixel HEIC decodes', async () => {
    const decoder = new HeicWorker(200);
    decoders.push(decoder);
    const { result, turns } = await turnsDuring(() => decoder.decode(readFileSync(IPHONE_HEIC), 50_000_000));
    expect(result).toMatchObject({ kind: 'decoded', image: { width: 4032, height: 3024 } });
    // heic-decode run on this thread leaves 1 to 11 turns in all (measured); beside the worker, this thread
    // turns hundreds of thousands of times.
    console.log(`HEIC decode in the worker: ${turns} turns of the main event loop meanwhile`);
    expect(turns).toBeGreaterThan(1_000);
  });

  it('refuses an image larger than the limit before decoding its pixels', async () => {
    const decoder = new HeicWorker(200);
    decoders.push(decoder);
    const result = await decoder.decode(readFileSync(IPHONE_HEIC), 1_000_000);
    expect(result).toEqual({ kind: 'too-large', width: 4032, height: 3024 });
  });

  it('ends once idle, so its WebAssembly memory does not stay, and a later photo starts a fresh one', async () => {
    const decoder = new HeicWorker(200);
    decoders.push(decoder);
    const first = await decoder.decode(readFileSync(HEIC), 50_000_000);
    expect(first).toMatchObject({ kind: 'decoded', image: { width: 300, height: 200 } });
    expect(decoder.running).toBe(true);
    await waitFor('the idle decoder to end', () => !decoder.running || undefined, { timeoutMs: 10_000 });
    const again = await decoder.decode(readFileSync(HEIC), 50_000_000);
    expect(again).toMatchObject({ kind: 'decoded', image: { width: 300, height: 200 } });
  });

  it('stays while photos keep coming within its idle time', async () => {
    const decoder = new HeicWorker(1_500);
    decoders.push(decoder);
    for (let i = 0; i < 3; i++) {
      expect((await decoder.decode(readFileSync(HEIC), 50_000_000)).kind).toBe('decoded');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(decoder.running).toBe(true);
    }
  });

  it('decodes photos asked for at once one after another, each to its own result', async () => {
    const decoder = new HeicWorker(200);
    decoders.push(decoder);
    const order: string[] = [];
    const decodeOne = async (name: string, path: string) => {
      const result = await decoder.decode(readFileSync(path), 50_000_000);
      order.push(name);
      return result;
    };
    const [small, cut, again] = await Promise.all([
      decodeOne('small', HEIC),
      decodeOne('cut', corpusPath('broken/text-file-with-jpg-extension.jpg')),
      decodeOne('again', HEIC),
    ]);
    expect(order).toEqual(['small', 'cut', 'again']);
    expect(small).toMatchObject({ kind: 'decoded', image: { width: 300, height: 200 } });
    expect(cut.kind).toBe('failed');
    expect(again).toMatchObject({ kind: 'decoded', image: { width: 300, height: 200 } });
  });
});
