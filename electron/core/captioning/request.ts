import type { Price } from '../../../shared/providers';
import type { ProviderId } from '../../../shared/types';
import { instructionsFor, SYSTEM_PROMPT, USER_PROMPT } from './prompt';

/** A caption needs well under 300 tokens; a small cap also avoids OpenRouter's 402 on a low balance. */
export const MAX_OUTPUT_TOKENS = 400;

export interface CaptionRequestBody {
  model: string;
  messages: [
    { role: 'system'; content: string },
    {
      role: 'user';
      content: [{ type: 'text'; text: string }, { type: 'image_url'; image_url: { url: string } }];
    },
  ];
  temperature: number;
  max_tokens: number;
  response_format: { type: 'json_object' };
  /** OpenRouter: the models it may route to, in order, the first being `model`. */
  models?: string[];
  /** OpenRouter: the most a request may cost per million tokens; a pricier route is not taken. */
  provider?: { max_price: { prompt: number; completion: number } };
  /** Vercel AI Gateway: the models it falls back to after `model`. */
  providerOptions?: { gateway: { models: string[] } };
}

/** Which other models a gateway may answer with, and the price ceiling that backs the budget cap. */
export interface CaptionRouting {
  fallbacks: readonly string[];
  maxPrice: Price | null;
}

/**
 * The chat-completion body for one photo. Only fields every provider accepts are used: Mistral rejects unknown
 * fields with HTTP 422, so nothing like `seed`, `user`, `stream_options` or `max_completion_tokens` goes in,
 * for any provider. `response_format: json_object` is honoured by Mistral and ignored harmlessly elsewhere; the
 * prompt asks for JSON too, and the reply is parsed defensively anyway.
 */
export function buildCaptionRequest(
  provider: ProviderId,
  model: string,
  imageDataUrl: string,
  context: string | null = null,
  instructions: { language: string; preferredWords: readonly string[] } = {
    language: 'en',
    preferredWords: [],
  },
  routing: CaptionRouting = { fallbacks: [], maxPrice: null },
): CaptionRequestBody {
  const text = [USER_PROMPT, instructionsFor(instructions), context].filter(Boolean).join('\n');
  return {
    ...gatewayRouting(provider, model, routing),
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      {
        role: 'user',
        // Text first: OpenRouter recommends it for image prompts.
        content: [
          { type: 'text', text },
          { type: 'image_url', image_url: { url: imageDataUrl } },
        ],
      },
    ],
    temperature: 0.2,
    max_tokens: MAX_OUTPUT_TOKENS,
    response_format: { type: 'json_object' },
  };
}

/**
 * The gateways route fallbacks themselves, each with its own field (pixtral-api.md); Mistral and local servers
 * get none (Mistral rejects unknown fields), so the queue switches models for them after an "unavailable".
 */
function gatewayRouting(
  provider: ProviderId,
  model: string,
  routing: CaptionRouting,
): Pick<CaptionRequestBody, 'models' | 'provider' | 'providerOptions'> {
  if (provider === 'openrouter') {
    return {
      ...(routing.fallbacks.length > 0 ? { models: [model, ...routing.fallbacks] } : {}),
      ...(routing.maxPrice
        ? {
            provider: {
              max_price: {
                prompt: routing.maxPrice.inputPerMTok,
                completion: routing.maxPrice.outputPerMTok,
              },
            },
          }
        : {}),
    };
  }
  if (provider === 'vercel' && routing.fallbacks.length > 0) {
    return { providerOptions: { gateway: { models: [...routing.fallbacks] } } };
  }
  return {};
}

/** What Mistral's request schema allows (pixtral-api.md); used by tests to keep the body honest. */
export const MISTRAL_ALLOWED_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'response_format',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'safe_prompt',
]);
