// Provider presets and the one price table. Prices change: they are dated here and the user can override
// them (issue: spend). Sources: ../shared/docs/pixtral-api.md.
import type { ProviderId } from './types';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  /** Null for custom: the user supplies it. */
  baseUrl: string | null;
  model: string;
  /** Environment variable holding the key; custom servers often need none. */
  keyEnv: string | null;
  /** False only for a local server the user runs: nothing leaves the machine. */
  cloud: boolean;
  /**
   * Parallel requests until the user picks a number: what the provider's published limits allow on the
   * tier a new account starts on (the notes above PROVIDERS). The rate governor halves it on a 429 in any case.
   */
  defaultConcurrency: number;
}

/**
 * Each preset's defaultConcurrency follows what its gateway publishes about request limits (read 2026-11):
 * - OpenRouter (openrouter.ai/docs/api_reference/limits): paid models have no request cap of OpenRouter's
 *   own, only the free `:free` variants (20 requests a minute) and DDoS protection; Pixtral 12B is paid. The
 *   upstream provider may still answer 429, so 8 at once, not more.
 * - Vercel AI Gateway (vercel.com/docs/ai-gateway/rate-limits): no limit on the paid tier; the free tier
 *   has lower per-model limits whose numbers are not published: the cautious 4 Shoebox always used.
 * - Mistral (help.mistral.ai, "What are the limits of the free tier"): the free Experiment plan allows
 *   1 request per second, counted as concurrent requests; higher tiers are in the workspace's admin page and
 *   in every response's x-ratelimit headers, which the governor follows. So 1.
 * - Custom: a local server; nothing is published, and a GPU serves a few requests at once at best.
 */
export const PROVIDERS: Record<ProviderId, ProviderPreset> = {
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'mistralai/pixtral-12b',
    keyEnv: 'OPENROUTER_API_KEY',
    cloud: true,
    defaultConcurrency: 8,
  },
  vercel: {
    id: 'vercel',
    label: 'Vercel AI Gateway',
    baseUrl: 'https://ai-gateway.vercel.sh/v1',
    model: 'mistral/pixtral-12b',
    keyEnv: 'AI_GATEWAY_API_KEY',
    cloud: true,
    defaultConcurrency: 4,
  },
  mistral: {
    id: 'mistral',
    label: 'Mistral',
    baseUrl: 'https://api.mistral.ai/v1',
    // Mistral retired Pixtral 12B from its own API on 2025-12-31; Ministral 3 14B is its vision successor.
    model: 'ministral-14b-2512',
    keyEnv: 'MISTRAL_API_KEY',
    cloud: true,
    defaultConcurrency: 1,
  },
  custom: {
    id: 'custom',
    label: 'Custom (OpenAI-compatible)',
    baseUrl: null,
    model: '',
    keyEnv: 'SHOEBOX_API_KEY',
    cloud: false,
    defaultConcurrency: 4,
  },
};

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

/**
 * Models a provider has stopped serving, with the day it did, so a saved setting that names one is
 * explained rather than only refused (pixtral-api.md: Pixtral 12B left Mistral's API on 2025-12-31,
 * Pixtral Large on 2026-05-31).
 */
export const RETIRED_MODELS: Partial<Record<ProviderId, Record<string, string>>> = {
  mistral: {
    'pixtral-12b-latest': '2025-12-31',
    'pixtral-12b-2409': '2025-12-31',
    'pixtral-12b': '2025-12-31',
    'pixtral-large-latest': '2026-05-31',
    'pixtral-large-2411': '2026-05-31',
  },
};

export interface Price {
  /** USD per million input tokens. */
  inputPerMTok: number;
  /** USD per million output tokens. */
  outputPerMTok: number;
  /** USD per input image, billed on top of tokens (OpenRouter). */
  perImage: number;
}

export const PRICES_AS_OF = '2026-11-01';

export const PRICES: Record<ProviderId, Price> = {
  openrouter: { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage: 0.145 / 1000 },
  vercel: { inputPerMTok: 0.15, outputPerMTok: 0.15, perImage: 0 },
  // Ministral 3 14B, the preset's model (Pixtral 12B was $0.15 / $0.15 while Mistral served it).
  mistral: { inputPerMTok: 0.2, outputPerMTok: 0.2, perImage: 0 },
  custom: { inputPerMTok: 0, outputPerMTok: 0, perImage: 0 },
};
