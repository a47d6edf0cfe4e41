// The models each fake gateway serves, and how each one lists them (../shared/docs/pixtral-api.md). A
// model can be retired on demand (`--retired pixtral-12b-latest`): it leaves the list, and a request for it
// gets the error the real provider gives for a model it does not know.
import { pixtralImageTokens } from '../../shared/imageTokens';
import { PRICES, type Price } from '../../shared/providers';
import type { Flavour } from './flavours';

export interface FakeModel {
  id: string;
  /** Other names the provider answers to (Mistral's `-latest` aliases). */
  aliases: string[];
  vision: boolean;
  /**
   * How the model counts an image. Pixtral's formula (16 px patches, a break token per row) or, for newer
   * Mistral vision models, 28 px cells: the fake's stand-in for "a tokenizer that is not Pixtral's".
   */
  imageTokens: 'pixtral' | 'cells28';
  price: Price;
  /** Mistral announces a retirement date in its list while the model is still served. */
  deprecation: string | null;
}

const MINISTRAL_PRICE: Price = { inputPerMTok: 0.2, outputPerMTok: 0.2, perImage: 0 };
const SMALL_PRICE: Price = { inputPerMTok: 0.1, outputPerMTok: 0.3, perImage: 0 };

function model(id: string, rest: Partial<FakeModel> & Pick<FakeModel, 'price'>): FakeModel {
  return { id, aliases: [], vision: true, imageTokens: 'cells28', deprecation: null, ...rest };
}

export const FAKE_MODELS: Record<Flavour, FakeModel[]> = {
  openrouter: [
    model('mistralai/pixtral-12b', { imageTokens: 'pixtral', price: PRICES.openrouter }),
    model('mistralai/ministral-14b-2512', { price: MINISTRAL_PRICE }),
    model('mistralai/mistral-small-3.2-24b-instruct', { price: SMALL_PRICE }),
    model('mistralai/mistral-nemo', { vision: false, price: SMALL_PRICE }),
  ],
  vercel: [
    model('mistral/pixtral-12b', { imageTokens: 'pixtral', price: PRICES.vercel }),
    model('mistral/ministral-14b', { price: MINISTRAL_PRICE }),
    model('mistral/mistral-small', { price: SMALL_PRICE }),
    model('mistral/mistral-nemo', { vision: false, price: SMALL_PRICE }),
  ],
  mistral: [
    model('ministral-14b-2512', { aliases: ['ministral-14b-latest'], price: PRICES.mistral }),
    model('mistral-small-2506', { aliases: ['mistral-small-latest'], price: SMALL_PRICE }),
    model('pixtral-12b-2409', {
      aliases: ['pixtral-12b-latest', 'pixtral-12b'],
      imageTokens: 'pixtral',
      price: { inputPerMTok: 0.15, outputPerMTok: 0.15, perImage: 0 },
      deprecation: '2025-12-31T12:00:00Z',
    }),
    model('mistral-large-2512', { aliases: ['mistral-large-latest'], vision: false, price: SMALL_PRICE }),
  ],
};

export function imageTokensFor(entry: FakeModel, width: number, height: number): number {
  if (entry.imageTokens === 'pixtral') return pixtralImageTokens(width, height);
  // Scaled into 1540 px like Mistral Small 3's encoder, then one token per 28×28 cell plus a break per row.
  const ratio = Math.max(width / 1540, height / 1540, 1);
  const cols = Math.ceil(Math.round(width / ratio) / 28);
  const rows = Math.ceil(Math.round(height / ratio) / 28);
  return rows * (cols + 1);
}

/** The catalogue of one fake server: its flavour's models minus the retired ones. */
export class ModelCatalogue {
  readonly #retired = new Set<string>();

  constructor(readonly flavour: Flavour) {}

  /** Retires a model by id or alias: it leaves the list and requests for it fail as for an unknown one. */
  retire(name: string): void {
    const entry = FAKE_MODELS[this.flavour].find((m) => m.id === name || m.aliases.includes(name));
    for (const known of entry ? [entry.id, ...entry.aliases] : [name]) this.#retired.add(known);
  }

  served(): FakeModel[] {
    return FAKE_MODELS[this.flavour].filter((m) => !this.#retired.has(m.id));
  }

  find(name: string): FakeModel | null {
    if (this.#retired.has(name)) return null;
    return this.served().find((m) => m.id === name || m.aliases.includes(name)) ?? null;
  }

  /** GET …/models as this provider answers it. */
  listBody(): unknown {
    const served = this.served();
    const created = 1_733_000_000;
    const perToken = (usdPerMTok: number) => (usdPerMTok / 1e6).toFixed(12).replace(/0+$/, '');
    if (this.flavour === 'openrouter') {
      return {
        data: served.map((m) => ({
          id: m.id,
          name: m.id,
          created,
          context_length: 32_768,
          architecture: {
            modality: m.vision ? 'text+image->text' : 'text->text',
            input_modalities: m.vision ? ['text', 'image'] : ['text'],
            output_modalities: ['text'],
          },
          pricing: {
            prompt: perToken(m.price.inputPerMTok),
            completion: perToken(m.price.outputPerMTok),
            image: String(m.price.perImage),
            request: '0',
          },
        })),
      };
    }
    if (this.flavour === 'vercel') {
      return {
        object: 'list',
        data: served.map((m) => ({
          id: m.id,
          object: 'model',
          created,
          owned_by: 'mistral',
          name: m.id,
          type: 'language',
          tags: m.vision ? ['vision', 'tool-use'] : ['tool-use'],
          pricing: { input: perToken(m.price.inputPerMTok), output: perToken(m.price.outputPerMTok) },
        })),
      };
    }
    return {
      object: 'list',
      data: served.map((m) => ({
        id: m.id,
        object: 'model',
        created,
        owned_by: 'mistralai',
        capabilities: {
          completion_chat: true,
          completion_fim: false,
          function_calling: true,
          vision: m.vision,
        },
        name: m.id,
        aliases: m.aliases,
        deprecation: m.deprecation,
        max_context_length: 131_072,
        type: 'base',
      })),
    };
  }
}
