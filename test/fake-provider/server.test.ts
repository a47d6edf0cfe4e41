import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { pixtralImageTokens } from '../../shared/imageTokens';
import { corpusPath } from '../support/corpus';
import { startFakeProvider, type FakeProvider, type Flavour } from './server';

let provider: FakeProvider | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

const MODELS: Record<Flavour, string> = {
  openrouter: 'mistralai/pixtral-12b',
  vercel: 'mistral/pixtral-12b',
  mistral: 'pixtral-12b-latest',
};

async function castleDataUrl(width = 512): Promise<string> {
  const jpeg = await sharp(corpusPath('photos/landmark_castle-of-maintenon_nikon-d3.jpg'))
    .resize(width)
    .jpeg()
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

// Replies are JSON whose shape differs per flavour; assertions probe it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function ask(p: FakeProvider, body: Record<string, unknown>, key = 'test') {
  const response = await fetch(`${p.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Json,
  };
}

function get(p: FakeProvider, path: string, key: string | null = 'test') {
  return fetch(`${p.url}${path}`, key === null ? {} : { headers: { authorization: `Bearer ${key}` } });
}

function request(flavour: Flavour, url: string, extra: Record<string, unknown> = {}) {
  return {
    model: MODELS[flavour],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe this photo as JSON.' },
          { type: 'image_url', image_url: { url } },
        ],
      },
    ],
    max_tokens: 300,
    ...extra,
  };
}

describe('fake provider', () => {
  it('recognises a resized corpus photo and bills tokens by the Pixtral formula (OpenRouter)', async () => {
    provider = await startFakeProvider({ flavour: 'openrouter' });
    const reply = await ask(provider, request('openrouter', await castleDataUrl(512)));
    expect(reply.status).toBe(200);
    const content = JSON.parse(reply.body.choices[0].message.content);
    expect(content.caption).toMatch(/castle/i);
    expect(content.tags.length).toBeGreaterThanOrEqual(5);
    const imageTokens = pixtralImageTokens(512, Math.round((681 / 1024) * 512));
    expect(reply.body.usage.prompt_tokens).toBeGreaterThan(imageTokens);
    expect(reply.body.usage.prompt_tokens).toBeLessThan(imageTokens + 30);
    expect(reply.body.usage.cost).toBeCloseTo(
      (reply.body.usage.prompt_tokens * 0.1 + reply.body.usage.completion_tokens * 0.1) / 1e6 + 0.000145,
      12,
    );
    expect(reply.headers.get('x-generation-id')).toBe(reply.body.id);
    await expect.poll(() => provider!.billedCount()).toBe(1);
  });

  it('reports Vercel cost as a number and as a gateway string, and its credits', async () => {
    provider = await startFakeProvider({ flavour: 'vercel' });
    const reply = await ask(provider, request('vercel', await castleDataUrl()));
    expect(typeof reply.body.usage.cost).toBe('number');
    expect(Number(reply.body.choices[0].message.provider_metadata.gateway.cost)).toBeCloseTo(
      reply.body.usage.cost,
      9,
    );
    const balance = async () =>
      Number(((await (await get(provider!, '/credits')).json()) as { balance: string }).balance);
    await expect.poll(balance).toBeLessThan(25);
    expect((await get(provider, '/credits', 'invalid')).status).toBe(401);
  });

  it('lists its models as each gateway does, and a retired model leaves the list and fails like an unknown one', async () => {
    provider = await startFakeProvider({ flavour: 'mistral', retired: ['pixtral-12b-latest'] });
    expect((await get(provider, '/models', 'invalid')).status).toBe(401);
    const list = (await (await get(provider, '/models')).json()) as Json;
    const ids = (list.data as Json[]).map((m) => m.id as string);
    expect(ids).toContain('ministral-14b-2512');
    expect(ids).not.toContain('pixtral-12b-2409');
    expect((list.data as Json[]).find((m) => m.id === 'ministral-14b-2512')!.capabilities.vision).toBe(true);
    const retired = await ask(provider, request('mistral', await castleDataUrl()));
    expect([retired.status, retired.body.type, retired.body.message]).toEqual([
      400,
      'invalid_model',
      'Invalid model: pixtral-12b-latest',
    ]);
    const successor = await ask(provider, {
      ...request('mistral', await castleDataUrl()),
      model: 'ministral-14b-2512',
    });
    expect(successor.status).toBe(200);
    // Not Pixtral's formula: a 512 px castle costs far fewer image tokens than Pixtral would count.
    expect(successor.body.usage.prompt_tokens).toBeLessThan(pixtralImageTokens(512, 384) / 2);
    expect(provider.hits.map((hit) => hit.path)).toEqual([
      '/v1/models',
      '/v1/models',
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);

    await provider.close();
    provider = await startFakeProvider({ flavour: 'openrouter' });
    const priced = (await (await get(provider, '/models', null)).json()) as Json;
    const pixtral = (priced.data as Json[]).find((m) => m.id === 'mistralai/pixtral-12b')!;
    expect(pixtral.architecture.input_modalities).toContain('image');
    expect(Number(pixtral.pricing.prompt) * 1e6).toBeCloseTo(0.1, 9);
    expect(Number(pixtral.pricing.image)).toBeCloseTo(0.000145, 9);
    expect((await get(provider, '/key', 'invalid')).status).toBe(401);
  });

  it('holds Mistral to its schema: unknown fields get 422, and rate-limit headers come on every reply', async () => {
    provider = await startFakeProvider({ flavour: 'mistral' });
    const rejected = await ask(provider, request('mistral', await castleDataUrl(), { seed: 1 }));
    expect(rejected.status).toBe(422);
    expect(rejected.body.detail[0].loc).toEqual(['body', 'seed']);
    const ok = await ask(provider, request('mistral', await castleDataUrl(), { random_seed: 1 }));
    expect(ok.status).toBe(200);
    expect(ok.body.usage.cost).toBeUndefined();
    expect(Number(ok.headers.get('x-ratelimit-remaining-req-minute'))).toBeLessThan(600);
  });

  it('checks model, key and image like the real gateways', async () => {
    provider = await startFakeProvider({ flavour: 'openrouter' });
    expect(
      (await ask(provider, { ...request('openrouter', await castleDataUrl()), model: 'gpt-4o' })).status,
    ).toBe(400);
    expect((await ask(provider, request('openrouter', await castleDataUrl()), 'invalid')).status).toBe(401);
    expect((await ask(provider, request('openrouter', 'data:image/jpeg;base64,aGVsbG8='))).status).toBe(400);
    const bmp = `data:image/tiff;base64,${(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
        .tiff()
        .toBuffer()
    ).toString('base64')}`;
    expect((await ask(provider, request('openrouter', bmp))).status).toBe(400);
    expect(provider.billedCount()).toBe(0);
  });

  it('fails on demand in each documented way', async () => {
    provider = await startFakeProvider({ flavour: 'openrouter' });
    const url = await castleDataUrl(256);
    provider.failNext('rate-limit-429');
    const limited = await ask(provider, request('openrouter', url));
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    provider.failNext('insufficient-credits-402');
    expect((await ask(provider, request('openrouter', url))).status).toBe(402);
    provider.failNext('error-in-200');
    const errorIn200 = await ask(provider, request('openrouter', url));
    expect([errorIn200.status, errorIn200.body.choices[0].finish_reason]).toEqual([200, 'error']);
    provider.failNext('fenced-json');
    expect((await ask(provider, request('openrouter', url))).body.choices[0].message.content).toMatch(
      /^```json\n\{/,
    );
    provider.failNext('content-filter');
    expect((await ask(provider, request('openrouter', url))).status).toBe(403);
    provider.failNext('empty-content');
    const empty = await ask(provider, request('openrouter', url));
    expect([empty.body.choices[0].message.content, typeof empty.body.usage.cost]).toEqual(['', 'number']);
    await expect.poll(() => provider!.billedCount()).toBe(2);
    expect(provider.requests.map((r) => r.fault)).toEqual([
      'rate-limit-429',
      'insufficient-credits-402',
      'error-in-200',
      'fenced-json',
      'content-filter',
      'empty-content',
    ]);
  });

  it('mixes faults at a seeded rate, the same on every run', async () => {
    provider = await startFakeProvider({ flavour: 'vercel' });
    provider.setFaultRate(0.5, ['server-500'], 42);
    const url = await castleDataUrl(128);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await ask(provider, request('vercel', url))).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(2);
    const again = await startFakeProvider({ flavour: 'vercel' });
    again.setFaultRate(0.5, ['server-500'], 42);
    const repeat: number[] = [];
    for (let i = 0; i < 12; i++) repeat.push((await ask(again, request('vercel', url))).status);
    await again.close();
    expect(repeat).toEqual(statuses);
  });
});
