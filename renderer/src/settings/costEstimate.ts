// What one photo costs to caption at a given upload size, for the settings page. The image dominates the
// prompt; the text parts are rough averages of the captioning prompt and a JSON caption with tags.
import { PRICES } from '../../../shared/providers';
import { fitWithin, pixtralImageTokens } from '../../../shared/imageTokens';
import type { ProviderId } from '../../../shared/types';

/** A typical camera photo (4:3 landscape) that the estimate is made for. */
export const SAMPLE_PHOTO = { width: 4032, height: 3024 } as const;
export const PROMPT_TEXT_TOKENS = 200;
export const CAPTION_OUTPUT_TOKENS = 150;

export interface CostEstimate {
  /** The size the sample photo is uploaded at. */
  width: number;
  height: number;
  imageTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** USD per photo. */
  usd: number;
}

export function estimatePhotoCost(provider: ProviderId, uploadMaxPx: number): CostEstimate {
  const { width, height } = fitWithin(SAMPLE_PHOTO.width, SAMPLE_PHOTO.height, uploadMaxPx);
  const imageTokens = pixtralImageTokens(width, height);
  const inputTokens = imageTokens + PROMPT_TEXT_TOKENS;
  const price = PRICES[provider];
  const usd =
    (inputTokens * price.inputPerMTok + CAPTION_OUTPUT_TOKENS * price.outputPerMTok) / 1_000_000 +
    price.perImage;
  return { width, height, imageTokens, inputTokens, outputTokens: CAPTION_OUTPUT_TOKENS, usd };
}

/** Small amounts in dollars with enough digits to tell 512 px from 1024 px apart. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}
