import { PRICES, PROVIDERS, type Price } from '../../shared/providers';

export type Flavour = 'openrouter' | 'vercel' | 'mistral';

export interface FlavourRules {
  model: string;
  /** Path prefix of the OpenAI-compatible API, as the real gateway has it. */
  basePath: string;
  price: Price;
  /** Mistral forbids fields it does not know; the gateways pass them along or drop them. */
  allowedFields: Set<string> | null;
}

const MISTRAL_FIELDS = new Set([
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
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'prediction',
]);

export const FLAVOURS: Record<Flavour, FlavourRules> = {
  openrouter: {
    model: PROVIDERS.openrouter.model,
    basePath: '/api/v1',
    price: PRICES.openrouter,
    allowedFields: null,
  },
  vercel: { model: PROVIDERS.vercel.model, basePath: '/v1', price: PRICES.vercel, allowedFields: null },
  mistral: {
    model: PROVIDERS.mistral.model,
    basePath: '/v1',
    price: PRICES.mistral,
    allowedFields: MISTRAL_FIELDS,
  },
};

/** An error body in the shape each provider uses. */
export function errorBody(flavour: Flavour, status: number, message: string, type = 'error'): unknown {
  if (flavour === 'openrouter') return { error: { code: status, message, metadata: {} } };
  if (flavour === 'vercel') return { error: { message, type, param: null, code: String(status) } };
  return { object: 'error', message, type, param: null, code: String(status) };
}

/** What each provider answers for a model it does not serve (retired, misspelt, never offered). */
export function unknownModelError(flavour: Flavour, model: string): { status: number; body: unknown } {
  if (flavour === 'openrouter') {
    return {
      status: 400,
      body: { error: { code: 400, message: `${model} is not a valid model ID`, metadata: {} } },
    };
  }
  if (flavour === 'vercel') {
    return {
      status: 404,
      body: {
        error: {
          message: `Model '${model}' not found`,
          type: 'model_not_found',
          param: 'model',
          code: '404',
        },
      },
    };
  }
  return {
    status: 400,
    body: {
      object: 'error',
      message: `Invalid model: ${model}`,
      type: 'invalid_model',
      param: null,
      code: '1500',
    },
  };
}
