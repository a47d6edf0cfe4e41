import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { PROVIDERS, type Price } from '../../../shared/providers';
import type { ResolvedProvider } from '../settings/settingsStore';
import { ReplyTooLargeError } from '../providers/boundedReply';
import { CHOOSE_IN_SETTINGS, modelNotOfferedWords, modelTakesNoImagesWords } from '../providers/modelWords';
import { parseCaption, type ParsedCaption } from './parseCaption';
import type { DataUrlBytes } from '../imaging/dataUrl';
import { captionClient } from './captionClient';
import { buildCaptionRequest } from './request';
import { encodeRequestWithImage } from './requestBody';

export interface CaptionUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  /** USD as the provider reported it (OpenRouter, Vercel); null when it reports none (Mistral, local). */
  reportedCost: number | null;
  generationId: string | null;
}

/** Every way a caption call can end, each mapped to one queue reaction. */
export type CaptionOutcome =
  | { kind: 'ok'; caption: ParsedCaption; usage: CaptionUsage; model: string }
  | { kind: 'rate-limited'; retryAfterMs: number | null; reason: string }
  | { kind: 'transient'; reason: string; network: boolean }
  | { kind: 'credits'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'bad-output'; reason: string; usage: CaptionUsage | null }
  | { kind: 'fatal'; reason: string }
  /** The provider does not serve this model (retired, misspelt, not on this server): nothing will go. */
  | { kind: 'model-unavailable'; reason: string }
  | { kind: 'aborted' };

/** What a call's reply said besides its body: the ledger and Mistral's pacing use it. */
export interface CallFacts {
  httpStatus: number | null;
  /** Mistral's x-ratelimit-remaining-* headers (a sliding 60 s window), when present. */
  remainingRequests: number | null;
  remainingTokens: number | null;
}

export type CaptionCallResult = CaptionOutcome & { facts: CallFacts };

export interface CaptionCallOptions {
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** The owner's own words about the photo, when they asked for them to be sent. */
  context?: string | null | undefined;
  /** OpenRouter's per-request price ceiling (the price the budget reserved by), when spend is metered. */
  maxPrice?: Price | null | undefined;
}

export const DEFAULT_TIMEOUT_MS = 90_000;

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/** Retry-After is seconds or an HTTP date; retry-after-ms (OpenAI's) is milliseconds. */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | null {
  if (!headers) return null;
  const ms = asNumber(headers.get('retry-after-ms'));
  if (ms !== null && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = asNumber(value);
  if (seconds !== null) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The provider's own words from any of the error shapes in pixtral-api.md. */
function errorMessage(body: unknown): string | null {
  const record = asRecord(body);
  if (!record) return asString(body);
  const nested = asRecord(record.error);
  if (nested) return asString(nested.message) ?? asString(nested.type);
  if (typeof record.error === 'string') return record.error;
  if (Array.isArray(record.detail)) {
    const first = asRecord(record.detail[0]);
    const loc = Array.isArray(first?.loc) ? first.loc.join('.') : '';
    return first ? `${asString(first.msg) ?? 'invalid request'}${loc ? ` (${loc})` : ''}` : null;
  }
  return asString(record.message) ?? asString(record.detail);
}

function extractUsage(
  provider: ResolvedProvider['provider'],
  data: Json,
  headers: Headers | null,
): CaptionUsage {
  const usage = asRecord(data.usage);
  const choice = asRecord(Array.isArray(data.choices) ? data.choices[0] : null);
  const gateway = asRecord(asRecord(asRecord(asRecord(choice?.message)?.provider_metadata))?.gateway);
  let reportedCost: number | null = null;
  let generationId: string | null = asString(data.id);
  if (provider === 'openrouter') {
    reportedCost = asNumber(usage?.cost);
    generationId = asString(headers?.get('x-generation-id')) ?? generationId;
  } else if (provider === 'vercel') {
    // usage.cost is a number; the gateway metadata repeats it as a string.
    reportedCost = asNumber(usage?.cost) ?? asNumber(gateway?.cost);
    generationId = asString(data.generationId) ?? asString(gateway?.generationId) ?? generationId;
  } else if (provider === 'custom') {
    reportedCost = asNumber(usage?.cost);
  }
  // Mistral reports no cost: the caller estimates it from tokens.
  return {
    inputTokens: asNumber(usage?.prompt_tokens),
    outputTokens: asNumber(usage?.completion_tokens),
    reportedCost,
    generationId,
  };
}

/**
 * The replies for a model the provider does not serve (pixtral-api.md): Mistral's 400 `invalid_model`,
 * OpenRouter's 400 "… is not a valid model ID", Vercel's 404 `model_not_found`, vLLM's 404 "The model … does
 * not exist", Ollama's 404 "model … not found".
 */
function isModelUnknown(status: number, body: unknown, said: string): boolean {
  if (status !== 400 && status !== 404) return false;
  const outer = asRecord(body);
  const inner = asRecord(outer?.error) ?? outer;
  const type = `${asString(inner?.type) ?? ''} ${asString(inner?.code) ?? ''}`;
  if (/invalid_model|model_not_found/i.test(type)) return true;
  return /invalid model|not a valid model|model.{0,80}(does not exist|not found)|unknown model|no such model/i.test(
    said,
  );
}

function classifyHttpError(resolved: ResolvedProvider, error: APIError): CaptionOutcome {
  const label = PROVIDERS[resolved.provider].label;
  const status = error.status ?? 0;
  const said = errorMessage(error.error) ?? error.message;
  const detail = `HTTP ${status}: ${said}`;
  const noVision = /image|vision|multimodal|content part/i.test(said);
  if (status === 429) {
    return {
      kind: 'rate-limited',
      retryAfterMs: parseRetryAfter(error.headers),
      reason: `${label} is rate limiting requests`,
    };
  }
  if (status === 402) return { kind: 'credits', reason: `Out of credits at ${label}: top up, then resume` };
  if (status === 401) {
    return { kind: 'fatal', reason: `${label} rejected the key (${detail}): check it in Settings` };
  }
  if (status === 403) {
    const metadata = asRecord(
      asRecord(asRecord(error.error)?.error)?.metadata ?? asRecord(error.error)?.metadata,
    );
    if (
      (metadata && ('reasons' in metadata || 'flagged_input' in metadata)) ||
      /moderat|flagged/i.test(said)
    ) {
      return { kind: 'refused', reason: `${label} refused this photo (moderation): ${said}` };
    }
    return {
      kind: 'fatal',
      reason: `${label} denied access (${detail}): check the key and model in Settings`,
    };
  }
  if (noVision && (status === 400 || status === 404 || status === 500)) {
    return {
      kind: 'fatal',
      reason: `${modelTakesNoImagesWords(resolved.model)}${CHOOSE_IN_SETTINGS} (${detail})`,
    };
  }
  if (isModelUnknown(status, error.error, said)) {
    return {
      kind: 'model-unavailable',
      reason: `${modelNotOfferedWords(resolved.provider, resolved.model)}${CHOOSE_IN_SETTINGS}`,
    };
  }
  if (status === 404) {
    return {
      kind: 'fatal',
      reason: `${label} does not know this model or URL (${detail}): check the model and base URL in Settings`,
    };
  }
  if (status === 422) {
    return { kind: 'fatal', reason: `${label} rejected the request (${detail})` };
  }
  if (status === 408 || status === 409 || status >= 500) {
    return { kind: 'transient', reason: `${label} is having trouble (${detail})`, network: false };
  }
  if (status === 400 && /model/i.test(said)) {
    return { kind: 'fatal', reason: `${label} rejected the model (${detail}): check the model in Settings` };
  }
  // Other 4xx (e.g. 400/413 for one odd image): this photo's problem, not the whole queue's.
  return { kind: 'bad-output', reason: `${label} rejected the request (${detail})`, usage: null };
}

export function classifyReply(
  resolved: ResolvedProvider,
  data: Json,
  headers: Headers | null,
): CaptionOutcome {
  const label = PROVIDERS[resolved.provider].label;
  const usage = extractUsage(resolved.provider, data, headers);
  const choice = asRecord(Array.isArray(data.choices) ? data.choices[0] : null);
  const finish = asString(choice?.finish_reason);
  const nativeFinish = asString(choice?.native_finish_reason);
  if (finish === 'content_filter' || nativeFinish === 'content_filter') {
    return { kind: 'refused', reason: `${label} refused to describe this photo (content filter)` };
  }
  // An error after generation began comes back with HTTP 200 (OpenRouter).
  if (data.error !== undefined && data.error !== null) {
    const said = errorMessage(data) ?? 'unknown error';
    if (/moderat|flagged|content.?filter/i.test(said)) {
      return { kind: 'refused', reason: `${label} refused this photo: ${said}` };
    }
    return { kind: 'bad-output', reason: `${label} failed while answering: ${said}`, usage };
  }
  const content = asRecord(choice?.message)?.content;
  const text = typeof content === 'string' ? content : null;
  if (!text || !text.trim()) {
    return { kind: 'bad-output', reason: `${label} returned an empty reply`, usage };
  }
  const parsed = parseCaption(text, resolved.captionLanguage ?? 'en');
  if (!parsed.ok) {
    const cut = finish === 'length' || finish === 'model_length' ? ' (the reply was cut off)' : '';
    return { kind: 'bad-output', reason: `${parsed.reason}${cut}`, usage };
  }
  return { kind: 'ok', caption: parsed.value, usage, model: asString(data.model) ?? resolved.model };
}

/** One caption call, not retried here: the queue owns retries (see `captionClient`). */
export async function requestCaption(
  resolved: ResolvedProvider,
  imageDataUrl: DataUrlBytes,
  options: CaptionCallOptions = {},
): Promise<CaptionCallResult> {
  const facts: CallFacts = { httpStatus: null, remainingRequests: null, remainingTokens: null };
  const outcome = await callProvider(resolved, imageDataUrl, options, facts);
  return { ...outcome, facts };
}

function readFacts(facts: CallFacts, status: number | undefined, headers: Headers | undefined): void {
  facts.httpStatus = status ?? null;
  facts.remainingRequests = asNumber(headers?.get('x-ratelimit-remaining-req-minute'));
  facts.remainingTokens = asNumber(headers?.get('x-ratelimit-remaining-tokens-minute'));
}

async function callProvider(
  resolved: ResolvedProvider,
  imageDataUrl: DataUrlBytes,
  options: CaptionCallOptions,
  facts: CallFacts,
): Promise<CaptionOutcome> {
  const client = captionClient(resolved, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.fetch ?? fetch);
  const body = encodeRequestWithImage(
    (imageUrl) =>
      buildCaptionRequest(
        resolved.provider,
        resolved.model,
        imageUrl,
        options.context ?? null,
        { language: resolved.captionLanguage ?? 'en', preferredWords: resolved.preferredWords ?? [] },
        { fallbacks: resolved.fallbacks ?? [], maxPrice: options.maxPrice ?? null },
      ),
    imageDataUrl,
  );
  try {
    // The chat-completions route with the body already encoded (`chat.completions.create` would encode it):
    // the SDK still sends it, authenticates, times out and maps errors as for any call.
    const { data, response } = await client
      .post<unknown>('/chat/completions', {
        body,
        headers: { 'content-type': 'application/json' },
        ...(options.signal ? { signal: options.signal } : {}),
      })
      .withResponse();
    readFacts(facts, response.status, response.headers);
    const record = asRecord(data);
    if (!record)
      return { kind: 'bad-output', reason: 'the provider sent a reply that is not JSON', usage: null };
    return classifyReply(resolved, record, response.headers);
  } catch (error) {
    const label = PROVIDERS[resolved.provider].label;
    if (error instanceof APIUserAbortError || options.signal?.aborted) return { kind: 'aborted' };
    if (error instanceof APIConnectionTimeoutError) {
      return { kind: 'transient', reason: `${label} did not answer in time`, network: true };
    }
    if (error instanceof APIConnectionError) {
      return { kind: 'transient', reason: `cannot reach ${label}: ${error.message}`, network: true };
    }
    if (error instanceof APIError) {
      readFacts(facts, error.status, error.headers);
      return classifyHttpError(resolved, error);
    }
    if (error instanceof ReplyTooLargeError || asRecord(error)?.cause instanceof ReplyTooLargeError) {
      return { kind: 'bad-output', reason: `${label}: ${(error as Error).message}`, usage: null };
    }
    if (error instanceof SyntaxError) {
      return { kind: 'bad-output', reason: `the provider sent a reply that is not JSON`, usage: null };
    }
    throw error;
  }
}
