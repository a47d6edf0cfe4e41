import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataUrlText, jpegDataUrl } from '../imaging/dataUrl';
import { buildCaptionRequest } from './request';
import { encodeRequestWithImage } from './requestBody';

const image = jpegDataUrl(randomBytes(30_001));

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
    const bytes = encodeRequestWithImage(build, image);
    expect(bytes.equals(Buffer.from(JSON.stringify(build(dataUrlText(image)))))).toBe(true);
  });

  it('is right too when the owner’s words quote the placeholder the image stands in for', () => {
    const build = (url: string) => ({ words: `he said "${url}" twice: ${url}"`, image: url, last: url });
    const bytes = encodeRequestWithImage(build, image);
    expect(bytes.toString()).toBe(JSON.stringify(build(dataUrlText(image))));
  });
});
