import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataUrlText, jpegDataUrl } from '../imaging/dataUrl';
import { buildCaptionRequest } from './request';
import { encodeRequestWithImage } from './requestBody';

describe('a request encoded with its image', () => {
  it('is the bytes of JSON.stringify with the data URL in place, the owner’s words included', () => {
    const words = 'Grand-mère’s "best" \\ garden 🌷\nline two, \u0000 and a lone \ud800';
    const build = (url: string) =>
      buildCaptionRequest(
        'openrouter',
        'mistralai/pixtral-12b',
        url,
        words,
        { language: 'fr', preferredWords: ['jardin'] },
        {
          fallbacks: ['mistralai/ministral-14b'],
          maxPrice: { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage: 0 },
        },
      );
    const image = jpegDataUrl(randomBytes(30_001));
    const bytes = encodeRequestWithImage(build, image);
    expect(bytes.equals(Buffer.from(JSON.stringify(build(dataUrlText(image)))))).toBe(true);
  });

  it('is right too when the owner’s words quote the placeholder the image stands in for', () => {
    const image = jpegDataUrl(randomBytes(30_001));
    const build = (url: string) => ({ words: `he said "${url}" twice: ${url}"`, image: url, last: url });
    const bytes = encodeRequestWithImage(build, image);
    expect(bytes.toString()).toBe(JSON.stringify(build(dataUrlText(image))));
  });

  it('leaves a body already handed out as it was when the same image goes again, in another request', () => {
    const image = jpegDataUrl(randomBytes(30_002));
    const first = (url: string) => ({ model: 'first', image: url, after: 'one' });
    const second = (url: string) => ({
      model: 'second, with a longer name',
      image: url,
      after: 'two, longer',
    });
    const sentFirst = encodeRequestWithImage(first, image);
    const sentSecond = encodeRequestWithImage(second, image);
    expect(sentFirst.toString()).toBe(JSON.stringify(first(dataUrlText(image))));
    expect(sentSecond.toString()).toBe(JSON.stringify(second(dataUrlText(image))));
  });

  it('is right when the words before the image are longer than the room left around it', () => {
    const image = jpegDataUrl(randomBytes(999));
    const build = (url: string) => ({ words: 'é'.repeat(40_000), image: url, after: 'x'.repeat(5_000) });
    expect(encodeRequestWithImage(build, image).toString()).toBe(JSON.stringify(build(dataUrlText(image))));
  });
});
