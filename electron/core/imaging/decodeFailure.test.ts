import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { decodeOrReason } from './decodeFailure';
import { UnreadableImageError } from './errors';

/** A decode that fails with each of `outcomes` in turn (a string is sharp's message), counting its calls. */
function scripted(outcomes: Array<string | Error | 'ok'>) {
  const decode = async () => {
    const outcome = outcomes[Math.min(decode.calls++, outcomes.length - 1)]!;
    if (outcome === 'ok') return 'pixels';
    throw typeof outcome === 'string' ? new Error(outcome) : outcome;
  };
  decode.calls = 0;
  return decode;
}

describe('decodeOrReason', () => {
  it('decodes a failure whose words were lost again, for its own words', async () => {
    const decode = scripted(['Unknown error', 'VipsJpeg: premature end of JPEG image']);
    await expect(decodeOrReason(decode)).rejects.toThrow(
      'image data is truncated (premature end of JPEG image)',
    );
    expect(decode.calls).toBe(2);
  });

  it('takes a decode that succeeds on a retry', async () => {
    const decode = scripted(['Unknown error', 'ok']);
    await expect(decodeOrReason(decode)).resolves.toBe('pixels');
  });

  it('gives up after eight tries, with the words it has', async () => {
    const decode = scripted(['Unknown error']);
    const failure = await decodeOrReason(decode).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnreadableImageError);
    expect((failure as Error).message).toBe('image data is corrupt (Unknown error)');
    expect(decode.calls).toBe(8);
  });

  it('decodes once when the failure has words of its own, or is already a reason', async () => {
    const worded = scripted(['vipspng: libpng read error']);
    await expect(decodeOrReason(worded)).rejects.toThrow('image data is corrupt (libpng read error)');
    expect(worded.calls).toBe(1);
    const refused = scripted([new UnreadableImageError('BMP images are not supported')]);
    await expect(decodeOrReason(refused)).rejects.toThrow('BMP images are not supported');
    expect(refused.calls).toBe(1);
  });

  it("keeps a broken file's own reason while other pipelines finish beside it", async () => {
    // Every sharp pipeline that ends clears libvips' one error buffer; six decoding meanwhile took the
    // words of about half of such failures on the 2-core sandbox.
    const broken = readFileSync(corpusPath('broken/truncated_png.png'));
    const good = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#48c' } })
      .jpeg()
      .toBuffer();
    let stop = false;
    const beside = Array.from({ length: 6 }, async () => {
      while (!stop) await sharp(good).webp().toBuffer();
    });
    const reasons: string[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        const failure = await decodeOrReason(() =>
          sharp(broken, { failOn: 'error' }).webp().toBuffer(),
        ).catch((error: unknown) => error);
        reasons.push(failure instanceof Error ? failure.message : 'decoded');
      }
    } finally {
      stop = true;
      await Promise.all(beside);
    }
    const lost = reasons.filter((reason) => reason.includes('Unknown error'));
    // Eight tries each leave about one in 250 lost; without them, about twenty of the forty.
    expect(lost.length).toBeLessThanOrEqual(3);
    for (const reason of reasons) expect(reason).toMatch(/^image data is corrupt \(/);
  });
});
