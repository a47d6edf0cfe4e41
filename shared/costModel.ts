// What one caption is predicted to cost, from the size Shoebox will upload. Shared by the core (estimates,
// budget reservations) and the renderer (the live cost beside the upload-size setting).
import { fitWithin, pixtralImageTokens } from './imageTokens';
import type { Price } from './providers';

/** Text around the image: the prompt and chat template. Replaced by the ledger's average once calls exist. */
export const DEFAULT_PROMPT_TOKENS = 160;
/** A caption of one or two sentences and up to fifteen tags. Replaced by the ledger's average likewise. */
export const DEFAULT_OUTPUT_TOKENS = 80;
/** The request's max_tokens: no reply can be longer, so a reservation at this size is an upper bound. */
export const MAX_OUTPUT_TOKENS = 400;

export interface CostInputs {
  price: Price;
  /** The photo's upright size; when unknown a 4:3 photo is assumed. */
  width: number | null;
  height: number | null;
  uploadMaxPx: number;
  promptTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** Reported image tokens per token of Pixtral's formula, learned for a model that counts its own way. */
  imageTokenScale?: number | undefined;
}

export interface CostEstimate {
  imageTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** USD. */
  cost: number;
}

export function tokenCost(price: Price, inputTokens: number, outputTokens: number, images = 1): number {
  return (
    (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1e6 + images * price.perImage
  );
}

export function estimateCaptionCost(inputs: CostInputs): CostEstimate {
  const width = inputs.width ?? 4032;
  const height = inputs.height ?? 3024;
  const sent = fitWithin(width, height, inputs.uploadMaxPx);
  const imageTokens = Math.round(pixtralImageTokens(sent.width, sent.height) * (inputs.imageTokenScale ?? 1));
  const inputTokens = imageTokens + (inputs.promptTokens ?? DEFAULT_PROMPT_TOKENS);
  const outputTokens = inputs.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  return { imageTokens, inputTokens, outputTokens, cost: tokenCost(inputs.price, inputTokens, outputTokens) };
}

/**
 * The most a call can cost: the estimate's input (with a margin for template tokens the estimate may have
 * missed) and a reply as long as max_tokens allows. Budgets reserve this, so concurrent calls can never
 * push spend past a cap even when every reply is as long as it can be.
 */
export function worstCaseCaptionCost(inputs: CostInputs): number {
  const estimate = estimateCaptionCost(inputs);
  return tokenCost(inputs.price, Math.ceil(estimate.inputTokens * 1.05) + 64, MAX_OUTPUT_TOKENS);
}
