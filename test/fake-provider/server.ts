// A fake Pixtral 12B behind an OpenAI-compatible API, behaving like OpenRouter, Vercel AI Gateway or
// Mistral (../shared/docs/pixtral-api.md): the same request checks, usage and cost fields, error shapes and
// rate-limit headers, plus faults on demand. A real HTTP server on 127.0.0.1; tests never reach a real API.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp, { type Metadata } from 'sharp';
import { PIXTRAL_REJECT_SIDE } from '../../shared/imageTokens';
import { describeImage, knownImages, type Description } from './describe';
import { inRequestedLanguage } from './languages';
import { BATCH_DISCOUNT, createFakeBatchApi, type FakeBatchApi } from './batch';
import { ALL_FAULTS, FaultPlan, type Fault } from './faults';
import { errorBody, FLAVOURS, unknownModelError, type Flavour } from './flavours';
import { imageTokensFor, ModelCatalogue, type FakeModel } from './models';
import { styledFor } from './styles';

export { ALL_FAULTS, type Fault } from './faults';
export type { Flavour } from './flavours';

export interface RecordedRequest {
  at: number;
  status: number;
  model: string | null;
  fault: Fault | null;
  /** sha256 of the decoded image bytes sent, or null when there was none. */
  imageSha256: string | null;
  width: number | null;
  height: number | null;
  billed: boolean;
  cost: number;
  /** Top-level fields of the request body, to check what a client sends. */
  fields: string[];
  /** The prompt's text part. */
  text: string | null;
}

export interface FakeProviderOptions {
  flavour: Flavour;
  port?: number;
  latencyMs?: number;
  /** Mistral's requests-per-minute window; a request beyond it gets 429, as the real one does. */
  requestsPerMinute?: number;
  /** Models (ids or aliases) the provider no longer serves: gone from its list, refused as unknown. */
  retired?: string[];
}

/** Any request the fake received, on any route: what a test needs to prove a key never went somewhere. */
export interface Hit {
  method: string;
  path: string;
  authorization: string | null;
}

export interface FakeProvider {
  flavour: Flavour;
  /** The base URL to configure, e.g. http://127.0.0.1:PORT/api/v1 (OpenRouter) or …/v1. */
  url: string;
  requests: RecordedRequest[];
  /** Every request on every route (chat, lists, key and credit checks), in arrival order. */
  hits: Hit[];
  /** Takes a model (id or alias) out of service from now on. */
  retire(model: string): void;
  setLatency(ms: number): void;
  failNext(fault: Fault, count?: number): void;
  setFaultRate(rate: number, faults?: Fault[], seed?: number): void;
  /** A real model words the same photo differently from one call to the next: the next answer is this. */
  answerNext(description: Description): void;
  /** Calls the provider charged for (a reply with usage that reached the client). */
  billedCount(): number;
  /** Starting credit on the OpenRouter key / Vercel account, in USD. */
  balanceUsd: number;
  /** Mistral's batch API (upload, jobs, results), on the mistral flavour only. */
  batch: FakeBatchApi | null;
  close(): Promise<void>;
}

const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);
const TOKENS_PER_MINUTE = 2_000_000;

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

interface ImagePart {
  bytes: Buffer;
  width: number;
  height: number;
}

/** A bearer key of any value is good, except the literal "invalid" (the fake's bad key). */
function authorized(header: string): boolean {
  return /^Bearer \S+/.test(header) && header !== 'Bearer invalid';
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Approximate text tokens: Mistral's tokenizer averages about four characters a token in English. */
function textTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

async function decodeImage(url: string): Promise<ImagePart> {
  const match = /^data:image\/[\w.+-]+;base64,(.*)$/s.exec(url);
  if (!match) throw new RequestError(400, 'image_url must be a base64 data URL in this fake');
  const bytes = Buffer.from(match[1]!, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) throw new RequestError(400, 'Image exceeds the 10 MB limit');
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new RequestError(400, 'Image could not be decoded');
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    throw new RequestError(400, `Unsupported image format: ${meta.format ?? 'unknown'}`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width > PIXTRAL_REJECT_SIDE || height > PIXTRAL_REJECT_SIDE) {
    throw new RequestError(400, `Image too large: ${width}x${height} (max 10000x10000)`);
  }
  return { bytes, width, height };
}

interface ParsedRequest {
  model: string;
  entry: FakeModel;
  text: string;
  image: ImagePart;
  fields: string[];
}

async function parseRequest(
  flavour: Flavour,
  catalogue: ModelCatalogue,
  raw: Buffer,
): Promise<ParsedRequest> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new RequestError(400, 'Request body is not valid JSON');
  }
  const rules = FLAVOURS[flavour];
  const fields = Object.keys(body);
  if (rules.allowedFields) {
    const extra = fields.filter((field) => !rules.allowedFields!.has(field));
    if (extra.length > 0) {
      throw new RequestError(422, 'Extra inputs are not permitted', {
        detail: extra.map((field) => ({
          type: 'extra_forbidden',
          loc: ['body', field],
          msg: 'Extra inputs are not permitted',
          input: body[field],
        })),
      });
    }
  }
  const routed = routeModel(flavour, catalogue, body);
  const entry = routed?.entry ?? null;
  if (!routed || !entry) {
    const { status, body: errorReply } = unknownModelError(flavour, String(body.model));
    throw new RequestError(status, 'unknown model', errorReply);
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new RequestError(400, 'messages must be a non-empty array');
  }
  let text = '';
  let imageUrl: string | null = null;
  for (const message of body.messages as Array<{ content?: unknown }>) {
    if (typeof message.content === 'string') text += message.content;
    else if (Array.isArray(message.content)) {
      for (const part of message.content as Array<Record<string, unknown>>) {
        if (part.type === 'text' && typeof part.text === 'string') text += part.text;
        else if (part.type === 'image_url') {
          const inner = part.image_url as { url?: unknown } | undefined;
          if (typeof inner?.url !== 'string') throw new RequestError(400, 'image_url.url must be a string');
          imageUrl = inner.url;
        } else throw new RequestError(400, `Unknown content part type: ${String(part.type)}`);
      }
    }
  }
  if (!imageUrl) throw new RequestError(400, 'This fake expects one image per request');
  if (!entry.vision) {
    // OpenRouter finds no endpoint that takes images; the others refuse the image part.
    if (flavour === 'openrouter') {
      throw new RequestError(404, `No endpoints found that support image input for ${entry.id}`);
    }
    throw new RequestError(400, `Model ${String(body.model)} does not support image input`);
  }
  return { model: routed.name, entry, text, image: await decodeImage(imageUrl), fields };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The model that answers, as the gateways route it: OpenRouter tries `model` then `models` in order, skipping
 * any whose price passes `provider.max_price` (USD per million tokens); Vercel tries `model` then
 * `providerOptions.gateway.models`. Mistral serves the model asked for or none. Null when none can answer.
 */
function routeModel(
  flavour: Flavour,
  catalogue: ModelCatalogue,
  body: Record<string, unknown>,
): { name: string; entry: FakeModel } | null {
  const asked = typeof body.model === 'string' ? [body.model] : [];
  let chain = asked;
  let fits = (_entry: FakeModel) => true;
  if (flavour === 'openrouter') {
    chain = [...asked, ...stringList(body.models)];
    const ceiling = (body.provider as { max_price?: { prompt?: unknown; completion?: unknown } } | undefined)
      ?.max_price;
    if (ceiling) {
      const prompt = typeof ceiling.prompt === 'number' ? ceiling.prompt : Infinity;
      const completion = typeof ceiling.completion === 'number' ? ceiling.completion : Infinity;
      fits = (entry) => entry.price.inputPerMTok <= prompt && entry.price.outputPerMTok <= completion;
    }
  } else if (flavour === 'vercel') {
    const options = body.providerOptions as { gateway?: { models?: unknown } } | undefined;
    chain = [...asked, ...stringList(options?.gateway?.models)];
  }
  for (const name of chain) {
    const entry = catalogue.find(name);
    if (entry && fits(entry)) return { name, entry };
  }
  return null;
}

export async function startFakeProvider(options: FakeProviderOptions): Promise<FakeProvider> {
  const { flavour } = options;
  const rules = FLAVOURS[flavour];
  const catalogue = new ModelCatalogue(flavour);
  for (const name of options.retired ?? []) catalogue.retire(name);
  const plan = new FaultPlan();
  const requests: RecordedRequest[] = [];
  const hits: Hit[] = [];
  const recent: Array<{ at: number; tokens: number }> = [];
  let latencyMs = options.latencyMs ?? 0;
  const requestsPerMinute = options.requestsPerMinute ?? 600;
  let generation = 0;
  const scriptedAnswers: Description[] = [];
  let spentUsd = 0;
  const open = new Set<ServerResponse>();

  const provider: FakeProvider = {
    flavour,
    url: '',
    requests,
    hits,
    retire: (model) => catalogue.retire(model),
    balanceUsd: 25,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    failNext: (fault, count) => plan.failNext(fault, count),
    setFaultRate: (rate, faults = ALL_FAULTS, seed = 1) => plan.setRate(rate, faults, seed),
    answerNext: (description) => scriptedAnswers.push(description),
    billedCount: () => requests.filter((r) => r.billed).length,
    batch: null,
    close: async () => {
      provider.batch?.close();
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function rateHeaders(): Record<string, string> {
    if (flavour !== 'mistral') return {};
    const now = Date.now();
    while (recent.length > 0 && recent[0]!.at < now - 60_000) recent.shift();
    const tokens = recent.reduce((sum, r) => sum + r.tokens, 0);
    return {
      'x-ratelimit-limit-req-minute': String(requestsPerMinute),
      'x-ratelimit-remaining-req-minute': String(Math.max(0, requestsPerMinute - recent.length)),
      'x-ratelimit-limit-tokens-minute': String(TOKENS_PER_MINUTE),
      'x-ratelimit-remaining-tokens-minute': String(Math.max(0, TOKENS_PER_MINUTE - tokens)),
    };
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
    onSent?: () => void,
  ) {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...rateHeaders(), ...headers });
    // A reply counts as delivered only when all of it was written: a client killed mid-call is not billed.
    if (onSent) res.on('finish', onSent);
    res.end(JSON.stringify(body));
  }

  async function completion(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const record: RecordedRequest = {
      at: Date.now(),
      status: 0,
      model: null,
      fault: null,
      imageSha256: null,
      width: null,
      height: null,
      billed: false,
      cost: 0,
      fields: [],
      text: null,
    };
    requests.push(record);
    const reply = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
      billedCost?: number,
    ) => {
      record.status = status;
      send(res, status, body, headers, () => {
        if (billedCost === undefined) return;
        record.billed = true;
        record.cost = billedCost;
        spentUsd += billedCost;
      });
    };

    if (!authorized(auth)) {
      reply(401, errorBody(flavour, 401, 'Invalid API key', 'authentication_error'));
      return;
    }
    let parsed: ParsedRequest;
    try {
      parsed = await parseRequest(flavour, catalogue, await readBody(req));
    } catch (error) {
      const e = error instanceof RequestError ? error : new RequestError(400, String(error));
      reply(e.status, e.body ?? errorBody(flavour, e.status, e.message, 'invalid_request_error'));
      return;
    }
    record.model = parsed.model;
    record.fields = parsed.fields;
    record.text = parsed.text;
    record.imageSha256 = createHash('sha256').update(parsed.image.bytes).digest('hex');
    record.width = parsed.image.width;
    record.height = parsed.image.height;
    rateHeaders(); // drops requests older than the window
    const overLimit = flavour === 'mistral' && recent.length >= requestsPerMinute;
    // A request counts against the window when it arrives, not when it is answered.
    const slot = { at: Date.now(), tokens: 0 };
    if (!overLimit) recent.push(slot);
    const fault = overLimit ? 'rate-limit-429' : plan.next();
    record.fault = fault;

    if (fault === 'hang') return; // Never answers; the client's timeout must end it.
    // Described while the latency runs, as a real model works during it.
    const described = describeImage(parsed.image.bytes);
    described.catch(() => undefined);
    // Latency counts from the request's arrival, as a client sees it: decoding the image is part of it.
    const wait = record.at + latencyMs + (fault === 'slow' ? 5_000 : 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (res.destroyed) return;

    switch (fault) {
      case 'rate-limit-429':
        reply(429, errorBody(flavour, 429, 'Rate limit exceeded', 'rate_limit_exceeded'), {
          'retry-after': '1',
        });
        return;
      case 'server-500':
        reply(500, errorBody(flavour, 500, 'Internal server error', 'internal_server_error'));
        return;
      case 'bad-gateway-502':
        reply(502, errorBody(flavour, 502, 'Upstream model is down', 'internal_server_error'));
        return;
      case 'unavailable-503':
        reply(503, errorBody(flavour, 503, 'No provider available', 'internal_server_error'), {
          'retry-after': '1',
        });
        return;
      case 'insufficient-credits-402':
        reply(
          402,
          errorBody(flavour, 402, 'Insufficient credits. Add more using https://example.invalid/credits'),
        );
        return;
      case 'content-filter':
        if (flavour === 'openrouter') {
          reply(403, {
            error: {
              code: 403,
              message: 'Input was flagged',
              metadata: { reasons: ['sexual'], flagged_input: '…' },
            },
          });
        } else {
          reply(200, chatBody('', 'content_filter', null));
        }
        return;
      case 'error-in-200':
        reply(200, {
          ...(chatBody('', 'error', null) as object),
          error: { code: 502, message: 'Provider returned error after generation began' },
        });
        return;
      default:
        break;
    }

    const description =
      scriptedAnswers.shift() ?? inRequestedLanguage(styledFor(parsed.model, await described), parsed.text);
    const json = JSON.stringify(description);
    const content = (() => {
      switch (fault) {
        case 'malformed-json':
          return json.slice(0, Math.floor(json.length / 2));
        case 'fenced-json':
          return `\`\`\`json\n${json}\n\`\`\``;
        case 'prose-around-json':
          return `Here is the description you asked for:\n${json}\nI hope this helps.`;
        case 'empty-content':
          return '';
        case 'invalid-tags':
          return JSON.stringify({ caption: description.caption, tags: 'not a list' });
        default:
          return json;
      }
    })();
    const promptTokens =
      imageTokensFor(parsed.entry, parsed.image.width, parsed.image.height) + textTokens(parsed.text) + 8;
    const completionTokens = content === '' ? 0 : textTokens(content);
    const { price } = parsed.entry;
    const cost =
      (promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1e6 + price.perImage;
    slot.tokens = promptTokens + completionTokens;
    reply(
      200,
      chatBody(content, 'stop', { promptTokens, completionTokens, cost }, parsed.model),
      generationHeaders(),
      cost,
    );
  }

  /** One line of a batch job: the chat route's checks and answer, billed at the batch price. */
  async function batchLine(body: unknown): Promise<{ status: number; body: unknown; cost: number }> {
    let parsed: ParsedRequest;
    try {
      parsed = await parseRequest(flavour, catalogue, Buffer.from(JSON.stringify(body)));
    } catch (error) {
      const e = error instanceof RequestError ? error : new RequestError(400, String(error));
      return { status: e.status, body: e.body ?? errorBody(flavour, e.status, e.message), cost: 0 };
    }
    const content = JSON.stringify(await describeImage(parsed.image.bytes));
    const promptTokens =
      imageTokensFor(parsed.entry, parsed.image.width, parsed.image.height) + textTokens(parsed.text) + 8;
    const completionTokens = textTokens(content);
    const { price } = parsed.entry;
    const cost =
      ((promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1e6 + price.perImage) *
      BATCH_DISCOUNT;
    return {
      status: 200,
      body: chatBody(content, 'stop', { promptTokens, completionTokens, cost }, parsed.model),
      cost,
    };
  }
  if (flavour === 'mistral') {
    provider.batch = createFakeBatchApi({
      basePath: rules.basePath,
      authorized: (req) => authorized(req.headers.authorization ?? ''),
      runLine: batchLine,
    });
  }

  function generationHeaders(): Record<string, string> {
    return flavour === 'openrouter' ? { 'x-generation-id': `gen-${generation}` } : {};
  }

  function chatBody(
    content: string,
    finishReason: string,
    usage: { promptTokens: number; completionTokens: number; cost: number } | null,
    model: string = rules.model,
  ): unknown {
    generation += 1;
    const id = flavour === 'openrouter' ? `gen-${generation}` : `chatcmpl-${generation}`;
    const message: Record<string, unknown> = { role: 'assistant', content };
    if (flavour === 'vercel' && usage)
      message.provider_metadata = { gateway: { cost: usage.cost.toFixed(10) } };
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, finish_reason: finishReason }],
    };
    if (flavour === 'vercel') body.generationId = `gen_${generation}`;
    if (usage) {
      const tokens = {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.promptTokens + usage.completionTokens,
      };
      if (flavour === 'openrouter') {
        body.usage = { ...tokens, cost: usage.cost, cost_details: { upstream_inference_cost: usage.cost } };
      } else if (flavour === 'vercel') {
        body.usage = { ...tokens, cost: usage.cost, market_cost: usage.cost };
      } else {
        body.usage = tokens;
      }
    }
    return body;
  }

  function account(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (req.method !== 'GET') return false;
    const keyed = [`${rules.basePath}/key`, `${rules.basePath}/credits`];
    // OpenRouter's and Vercel's model lists are public; Mistral's needs the key.
    if (flavour === 'mistral') keyed.push(`${rules.basePath}/models`);
    if (keyed.includes(path) && !authorized(req.headers.authorization ?? '')) {
      send(res, 401, errorBody(flavour, 401, 'Invalid API key', 'authentication_error'), {});
      return true;
    }
    if (path === `${rules.basePath}/models`) {
      send(res, 200, catalogue.listBody(), {});
      return true;
    }
    if (flavour === 'openrouter' && path === `${rules.basePath}/key`) {
      send(
        res,
        200,
        {
          data: {
            label: 'fake',
            limit: provider.balanceUsd,
            limit_remaining: provider.balanceUsd - spentUsd,
            usage: spentUsd,
            usage_daily: spentUsd,
            usage_weekly: spentUsd,
            usage_monthly: spentUsd,
          },
        },
        {},
      );
      return true;
    }
    if (flavour === 'vercel' && path === `${rules.basePath}/credits`) {
      send(
        res,
        200,
        { balance: (provider.balanceUsd - spentUsd).toFixed(6), total_used: spentUsd.toFixed(6) },
        {},
      );
      return true;
    }
    return false;
  }

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    hits.push({ method: req.method ?? '', path, authorization: req.headers.authorization ?? null });
    if (account(req, res, path)) return;
    const batch = provider.batch;
    if (
      batch &&
      (path.startsWith(`${rules.basePath}/files`) || path.startsWith(`${rules.basePath}/batch/`))
    ) {
      readBody(req)
        .then((body) => batch.handle(req, res, path, body))
        .catch((error: unknown) => {
          if (!res.headersSent)
            send(res, 500, errorBody(flavour, 500, `Fake provider bug: ${String(error)}`), {});
        });
      return;
    }
    if (req.method === 'POST' && path === `${rules.basePath}/chat/completions`) {
      completion(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          send(res, 500, errorBody(flavour, 500, `Fake provider bug: ${String(error)}`), {});
      });
      return;
    }
    send(res, 404, errorBody(flavour, 404, `No route ${req.method} ${path}`), {});
  });

  // Learn the corpus before the first call, so no reply is slow because it came first.
  await knownImages();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  provider.url = `http://127.0.0.1:${port}${rules.basePath}`;
  return provider;
}
