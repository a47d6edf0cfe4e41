import { describe, expect, it } from 'vitest';
import { dollars } from './connectionTest';
import { findModel, parseModelList, visionAlternatives } from './modelList';

describe('parseModelList', () => {
  it('reads OpenRouter modalities and per-token prices as USD per million tokens', () => {
    const [model] = parseModelList('openrouter', {
      data: [
        {
          id: 'mistralai/pixtral-12b',
          architecture: { input_modalities: ['text', 'image'] },
          pricing: { prompt: '0.0000001', completion: '0.0000001', image: '0.0001445' },
        },
      ],
    });
    expect(model!.vision).toBe(true);
    expect(model!.price!.inputPerMTok).toBeCloseTo(0.1, 12);
    expect(model!.price!.perImage).toBeCloseTo(0.0001445, 12);
  });

  it('reads Mistral capabilities, aliases and retirement, and a bare local list', () => {
    const models = parseModelList('mistral', {
      data: [
        {
          id: 'pixtral-12b-2409',
          aliases: ['pixtral-12b-latest'],
          capabilities: { vision: true },
          deprecation: '2025-12-31T12:00:00Z',
        },
        { id: 'mistral-large-2512', capabilities: { vision: false } },
        { object: 'model' },
      ],
    });
    expect(models).toHaveLength(2);
    expect(findModel(models, 'pixtral-12b-latest')).toMatchObject({
      id: 'pixtral-12b-2409',
      retiresOn: '2025-12-31',
    });
    expect(findModel(parseModelList('custom', { data: [{ id: 'llava:latest' }] }), 'llava')).toMatchObject({
      vision: null,
    });
    expect(parseModelList('vercel', 'not json')).toEqual([]);
  });
});

describe('visionAlternatives', () => {
  it('offers vision models still served, the same vendor first, cheapest first', () => {
    const models = parseModelList('openrouter', {
      data: [
        {
          id: 'openai/gpt-4o',
          architecture: { input_modalities: ['image'] },
          pricing: { prompt: '0.0000025', completion: '0.00001' },
        },
        {
          id: 'mistralai/mistral-small',
          architecture: { input_modalities: ['image'] },
          pricing: { prompt: '0.0000001', completion: '0.0000003' },
        },
        {
          id: 'mistralai/ministral-14b',
          architecture: { input_modalities: ['image'] },
          pricing: { prompt: '0.0000002', completion: '0.0000002' },
        },
        {
          id: 'mistralai/mistral-nemo',
          architecture: { input_modalities: ['text'] },
          pricing: { prompt: '0', completion: '0' },
        },
      ],
    });
    expect(visionAlternatives(models, 'mistralai/pixtral-13b')).toEqual([
      'mistralai/mistral-small',
      'mistralai/ministral-14b',
      'openai/gpt-4o',
    ]);
  });
});

describe('dollars', () => {
  it('shows cents, or two significant digits below a cent', () => {
    expect([dollars(0.2482), dollars(12), dollars(0.0042), dollars(0)]).toEqual([
      '$0.25',
      '$12.00',
      '$0.0042',
      '$0',
    ]);
  });
});
