import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedProvider } from '../settings/settingsStore';
import { dataUrlText, jpegDataUrl } from '../imaging/dataUrl';
import { parseRetryAfter, requestCaption } from './providerClient';
import { buildCaptionRequest } from './request';
import {
  startScriptedProvider,
  type ScriptedProvider,
  type ScriptedReply,
} from '../../../test/support/scriptedProvider';

// One server; each test picks the reply through the model name, so requests stay independent.
const replies: Record<string, ScriptedReply> = {};
let server: ScriptedProvider;
let baseUrl = '';
beforeAll(async () => {
  server = await startScriptedProvider(
    [],
    (_n, { body }) =>
      replies[String(body.model)] ?? { status: 500, body: { error: { message: 'unknown model in test' } } },
  );
  baseUrl = server.url;
});
afterAll(() => server.close());

const IMAGE = jpegDataUrl(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]));
const CONTENT = '{"caption":"A cat.","tags":["cat"]}';

function call(provider: ResolvedProvider['provider'], model: string, reply: (typeof replies)[string]) {
  replies[model] = reply;
  return requestCaption({ provider, baseUrl, model, apiKey: 'k', cloud: true }, IMAGE, { timeoutMs: 5000 });
}

describe('requestCaption', () => {
  it('reads OpenRouter cost and generation id', async () => {
    const outcome = await call('openrouter', 'or-ok', {
      status: 200,
      headers: { 'x-generation-id': 'gen-or-1' },
      body: {
        id: 'x',
        model: 'mistralai/pixtral-12b',
        choices: [{ message: { content: CONTENT }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, cost: 0.0002 },
      },
    });
    expect(outcome).toMatchObject({
      kind: 'ok',
      caption: { caption: 'A cat.', tags: ['cat'] },
      usage: { inputTokens: 10, outputTokens: 5, reportedCost: 0.0002, generationId: 'gen-or-1' },
    });
  });

  it('reads Vercel cost from the gateway metadata string when usage has none', async () => {
    const outcome = await call('vercel', 'vercel-ok', {
      status: 200,
      body: {
        id: 'chatcmpl-1',
        choices: [
          {
            message: {
              content: CONTENT,
              provider_metadata: { gateway: { cost: '0.00042', generationId: 'gen_v' } },
            },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 5 },
      },
    });
    expect(outcome).toMatchObject({ kind: 'ok', usage: { reportedCost: 0.00042, generationId: 'gen_v' } });
  });

  it('reports no cost for Mistral', async () => {
    const outcome = await call('mistral', 'mistral-ok', {
      status: 200,
      body: { id: 'm1', choices: [{ message: { content: CONTENT }, finish_reason: 'stop' }], usage: {} },
    });
    expect(outcome).toMatchObject({ kind: 'ok', usage: { reportedCost: null } });
  });

  it('treats an error inside a 200 reply as bad output', async () => {
    const outcome = await call('openrouter', 'mid-error', {
      status: 200,
      body: {
        id: 'g',
        error: { code: 502, message: 'Provider returned error' },
        choices: [{ message: { content: '' }, finish_reason: 'error' }],
      },
    });
    expect(outcome).toMatchObject({ kind: 'bad-output' });
    expect((outcome as { reason: string }).reason).toContain('Provider returned error');
  });

  it('maps moderation 403 to refused and other errors to their reactions', async () => {
    expect(
      await call('openrouter', 'moderated', {
        status: 403,
        body: {
          error: { code: 403, message: 'flagged', metadata: { reasons: ['x'], flagged_input: '...' } },
        },
      }),
    ).toMatchObject({ kind: 'refused' });
    expect(
      await call('mistral', 'unprocessable', {
        status: 422,
        body: { detail: [{ loc: ['body', 'seed'], msg: 'Extra inputs are not permitted', type: 'x' }] },
      }),
    ).toMatchObject({
      kind: 'fatal',
      reason: expect.stringContaining('Extra inputs are not permitted (body.seed)'),
    });
    expect(
      await call('custom', 'gone', { status: 404, body: { error: { message: 'model not found' } } }),
    ).toEqual(
      expect.objectContaining({
        kind: 'model-unavailable',
        reason: 'Custom (OpenAI-compatible) does not offer gone: choose another model in Settings',
      }),
    );
    expect(
      await call('mistral', 'pixtral-12b-latest', {
        status: 400,
        body: {
          object: 'error',
          message: 'Invalid model: pixtral-12b-latest',
          type: 'invalid_model',
          code: '1500',
        },
      }),
    ).toMatchObject({
      kind: 'model-unavailable',
      reason:
        'Mistral no longer offers pixtral-12b-latest (retired on 2025-12-31): choose another model in Settings',
    });
    expect(
      await call('vercel', 'mistral/pixtral-13b', {
        status: 404,
        body: { error: { message: 'Model not found', type: 'model_not_found', param: 'model', code: '404' } },
      }),
    ).toMatchObject({ kind: 'model-unavailable' });
    expect(
      await call('openrouter', 'mistralai/pixtral-13b', {
        status: 400,
        body: { error: { code: 400, message: 'mistralai/pixtral-13b is not a valid model ID' } },
      }),
    ).toMatchObject({ kind: 'model-unavailable' });
    expect(
      await call('custom', 'text-only', {
        status: 400,
        body: { error: 'this model does not support image input' },
      }),
    ).toMatchObject({ kind: 'fatal', reason: expect.stringContaining('text-only does not take images') });
    expect(
      await call('openrouter', 'mistralai/mistral-nemo', {
        status: 404,
        body: { error: { code: 404, message: 'No endpoints found that support image input' } },
      }),
    ).toMatchObject({ kind: 'fatal', reason: expect.stringContaining('does not take images') });
    expect(
      await call('openrouter', 'limited', {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { error: {} },
      }),
    ).toMatchObject({ kind: 'rate-limited', retryAfterMs: 2000 });
    expect(await call('openrouter', 'broke', { status: 402, body: { error: { code: 402 } } })).toEqual({
      kind: 'credits',
      reason: 'Out of credits at OpenRouter: top up, then resume',
      facts: { httpStatus: 402, remainingRequests: null, remainingTokens: null },
    });
    expect(
      await call('openrouter', 'down', { status: 503, body: { error: { message: 'no provider' } } }),
    ).toMatchObject({
      kind: 'transient',
      network: false,
    });
  });

  it('sends the JSON of the caption request as it is, image and owner’s words included', async () => {
    replies['sent-as-json'] = { status: 200, body: { choices: [{ message: { content: CONTENT } }] } };
    const context = 'Grand-mère’s "best" \\ garden 🌷\nline two';
    const resolved = {
      provider: 'openrouter' as const,
      baseUrl,
      model: 'sent-as-json',
      apiKey: 'k',
      cloud: true,
      fallbacks: ['other/model'],
    };
    const maxPrice = { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage: 0 };
    const outcome = await requestCaption(resolved, IMAGE, { timeoutMs: 5000, context, maxPrice });
    expect(outcome.kind).toBe('ok');
    const sent = server.requests.find((request) => request.body.model === 'sent-as-json')!;
    const expected = buildCaptionRequest(
      'openrouter',
      'sent-as-json',
      dataUrlText(IMAGE),
      context,
      { language: 'en', preferredWords: [] },
      { fallbacks: ['other/model'], maxPrice },
    );
    expect(sent.text).toBe(JSON.stringify(expected));
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers.authorization).toBe('Bearer k');
  });

  it('sends with the key and address as they are now, after either changed', async () => {
    replies['key-change'] = { status: 200, body: { choices: [{ message: { content: CONTENT } }] } };
    const other = await startScriptedProvider([], replies['key-change']);
    try {
      const resolved = { provider: 'custom' as const, model: 'key-change', cloud: false };
      for (const [url, apiKey] of [
        [baseUrl, 'first'],
        [baseUrl, 'second'],
        [other.url, 'second'],
        [baseUrl, 'first'],
      ] as const) {
        expect((await requestCaption({ ...resolved, baseUrl: url, apiKey }, IMAGE)).kind).toBe('ok');
      }
      const keysAt = (requests: typeof server.requests) =>
        requests.filter((r) => r.body.model === 'key-change').map((r) => r.headers.authorization);
      expect(keysAt(server.requests)).toEqual(['Bearer first', 'Bearer second', 'Bearer first']);
      expect(keysAt(other.requests)).toEqual(['Bearer second']);
    } finally {
      await other.close();
    }
  });

  it('reports an unreachable server as a network problem', async () => {
    const outcome = await requestCaption(
      { provider: 'custom', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: null, cloud: false },
      IMAGE,
    );
    expect(outcome).toMatchObject({ kind: 'transient', network: true });
  });
});

describe('parseRetryAfter', () => {
  it('reads milliseconds, seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(now + 5000).toUTCString() }), now)).toBe(
      5000,
    );
    expect(parseRetryAfter(new Headers())).toBeNull();
  });
});
