// "Test connection": asks the provider, before any photo is sent, whether the key works, whether the chosen
// model is served and takes images, and what a photo will cost by the provider's own price list. Only GET
// requests that cost nothing; the key goes only to the server it belongs to (the settings store sees to it).
import { PROVIDERS, type Price } from '../../../shared/providers';
import type { ConnectionTest, ProviderId } from '../../../shared/types';
import { originOf } from '../settings/boundKey';
import type { ResolvedProvider } from '../settings/settingsStore';
import { MAX_LIST_REPLY_BYTES, readBoundedReply } from './boundedReply';
import { findModel, parseModelList, visionAlternatives } from './modelList';
import { CHOOSE_IN_SETTINGS, modelNotOfferedWords, modelTakesNoImagesWords } from './modelWords';

export interface ProbeDeps {
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  uploadMaxPx: number;
  /** Shoebox's dated price (or the user's override) for the provider, used when its list has none. */
  tablePrice: Price;
  /** USD for one typical photo at this price, by the same cost model as the estimates. */
  costPerPhoto: (price: Price) => number;
}

export interface Probe {
  result: ConnectionTest;
  /** What the caption queue says when it must not send (bad key, model not offered); null when it may. */
  queueReason: string | null;
}

export const PROBE_TIMEOUT_MS = 10_000;

type Reply = { status: number; body: unknown } | { failure: string };

async function get(url: string, apiKey: string | null, deps: ProbeDeps): Promise<Reply> {
  try {
    const response = await (deps.fetch ?? fetch)(url, {
      // The same header the caption call sends (the SDK needs a key; a local server may ignore it).
      headers: { authorization: `Bearer ${apiKey ?? 'no-key'}` },
      signal: AbortSignal.timeout(deps.timeoutMs ?? PROBE_TIMEOUT_MS),
    });
    const text = await readBoundedReply(response, MAX_LIST_REPLY_BYTES);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // a plain-text body (LM Studio) stays text
    }
    return { status: response.status, body };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { failure: 'no answer in time' };
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
    return { failure: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}

/** Dollars with two decimals, or two significant digits below a cent: "$0.29", "$0.0042". */
export function dollars(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(Math.min(12, 1 - Math.floor(Math.log10(usd))))}`;
}

function keyCheckPath(provider: ProviderId): string | null {
  if (provider === 'openrouter') return '/key';
  if (provider === 'vercel') return '/credits';
  // Mistral and local servers: the model list itself needs the key.
  return null;
}

export async function probeConnection(
  setup: ResolvedProvider | { error: string },
  deps: ProbeDeps,
): Promise<Probe> {
  const blank = {
    provider: null,
    model: null,
    alternatives: [],
    usdPer1000Photos: null,
    priceSource: null,
    uploadMaxPx: deps.uploadMaxPx,
  } satisfies Omit<ConnectionTest, 'state' | 'message'>;
  if ('error' in setup) {
    return { result: { ...blank, state: 'not-set-up', message: setup.error }, queueReason: null };
  }
  const { provider, model, apiKey } = setup;
  const label = PROVIDERS[provider].label;
  const base = setup.baseUrl.replace(/\/+$/, '');
  const origin = originOf(base) ?? base;
  const common = { ...blank, provider, model };
  const unreachable = (why: string): Probe => ({
    result: { ...common, state: 'unreachable', message: `Cannot reach ${label} at ${origin}: ${why}` },
    queueReason: null,
  });
  const badKey = (status: number): Probe => {
    const message = apiKey
      ? `${label} rejected the key (HTTP ${status}): enter the right key in Settings`
      : `${label} wants a key (HTTP ${status}): add it in Settings`;
    return { result: { ...common, state: 'bad-key', message }, queueReason: message };
  };

  const keyPath = keyCheckPath(provider);
  if (keyPath) {
    const reply = await get(base + keyPath, apiKey, deps);
    if ('failure' in reply) return unreachable(reply.failure);
    if (reply.status === 401 || reply.status === 403) return badKey(reply.status);
    if (reply.status >= 400) return unreachable(`its key check answered HTTP ${reply.status}`);
  }
  const keyWords = apiKey ? 'Key OK' : 'Connected';

  const list = await get(`${base}/models`, apiKey, deps);
  if ('failure' in list) return unreachable(list.failure);
  if (list.status === 401 || list.status === 403) return badKey(list.status);
  if (list.status >= 400) {
    if (provider === 'custom' && list.status === 404) {
      return {
        result: {
          ...common,
          state: 'ok',
          message: `${keyWords} · the server lists no models, so ${model} could not be checked before sending`,
        },
        queueReason: null,
      };
    }
    return unreachable(`its model list answered HTTP ${list.status}`);
  }

  const models = parseModelList(provider, list.body);
  const entry = findModel(models, model);
  if (!entry || entry.vision === false) {
    const alternatives = visionAlternatives(models, model);
    const words = entry
      ? modelTakesNoImagesWords(model, alternatives)
      : modelNotOfferedWords(provider, model, alternatives);
    return {
      result: {
        ...common,
        state: entry ? 'text-only' : 'model-not-offered',
        message: `${keyWords} · ${words}`,
        alternatives,
      },
      // Some local servers answer to any model name (llama.cpp serves the one it loaded): for them the
      // queue waits for the server's own refusal rather than trusting the list.
      queueReason: provider === 'custom' && !entry ? null : `${words}${CHOOSE_IN_SETTINGS}`,
    };
  }

  const free = provider === 'custom' && entry.price === null;
  const price = entry.price ?? deps.tablePrice;
  const usdPer1000Photos = free ? 0 : deps.costPerPhoto(price) * 1000;
  const priceWords = free
    ? 'free (your own server)'
    : `about ${dollars(usdPer1000Photos)} per 1,000 photos at ${deps.uploadMaxPx} px`;
  const unsure = entry.vision === null ? ' (the server does not say whether it takes images)' : '';
  const retiring = entry.retiresOn ? ` · ${label} retires it on ${entry.retiresOn}` : '';
  return {
    result: {
      ...common,
      state: 'ok',
      message: `${keyWords} · ${model} is available${unsure}${retiring} · ${priceWords}`,
      usdPer1000Photos,
      priceSource: free ? null : entry.price ? 'provider' : 'table',
    },
    queueReason: null,
  };
}
