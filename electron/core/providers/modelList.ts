// Reading a provider's own list of models (`GET …/models`) in each gateway's shape: OpenRouter gives
// modalities and per-token prices, Vercel tags and prices, Mistral capabilities, aliases and retirement
// dates; a local server usually gives only ids.
import type { Price } from '../../../shared/providers';
import type { ProviderId } from '../../../shared/types';

export interface ListedModel {
  id: string;
  aliases: string[];
  /** Null when the list does not say (local servers). */
  vision: boolean | null;
  /** The provider's own price, when its list publishes one. */
  price: Price | null;
  /** The day the provider stops serving it, when announced (Mistral's `deprecation`). */
  retiresOn: string | null;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Prices per token (strings) become USD per million tokens; a negative price means "varies" on OpenRouter. */
function perMTok(value: unknown): number | null {
  const usd = number(value);
  return usd === null || usd < 0 ? null : usd * 1e6;
}

function openRouterEntry(entry: Json): ListedModel {
  const architecture = record(entry.architecture);
  const modalities = strings(architecture?.input_modalities);
  const modality = typeof architecture?.modality === 'string' ? architecture.modality : '';
  const pricing = record(entry.pricing);
  const input = perMTok(pricing?.prompt);
  const output = perMTok(pricing?.completion);
  return {
    id: String(entry.id),
    aliases: [],
    vision:
      modalities.length > 0 ? modalities.includes('image') : modality ? modality.includes('image') : null,
    price:
      input === null || output === null
        ? null
        : { inputPerMTok: input, outputPerMTok: output, perImage: Math.max(0, number(pricing?.image) ?? 0) },
    retiresOn: null,
  };
}

function vercelEntry(entry: Json): ListedModel {
  const tags = strings(entry.tags);
  const pricing = record(entry.pricing);
  const input = perMTok(pricing?.input);
  const output = perMTok(pricing?.output);
  return {
    id: String(entry.id),
    aliases: [],
    vision: tags.length > 0 ? tags.includes('vision') : null,
    price:
      input === null || output === null
        ? null
        : { inputPerMTok: input, outputPerMTok: output, perImage: Math.max(0, number(pricing?.image) ?? 0) },
    retiresOn: null,
  };
}

function mistralEntry(entry: Json): ListedModel {
  const capabilities = record(entry.capabilities);
  const deprecation = typeof entry.deprecation === 'string' ? entry.deprecation : null;
  return {
    id: String(entry.id),
    aliases: strings(entry.aliases),
    vision: typeof capabilities?.vision === 'boolean' ? capabilities.vision : null,
    price: null,
    retiresOn: deprecation ? deprecation.slice(0, 10) : null,
  };
}

/** A local or unknown server: only an id is certain; whatever shape of the others it copies is read too. */
function localEntry(entry: Json): ListedModel {
  const likeMistral = mistralEntry(entry);
  const likeOpenRouter = openRouterEntry(entry);
  const tags = strings(entry.tags);
  return {
    ...likeMistral,
    vision: likeMistral.vision ?? likeOpenRouter.vision ?? (tags.length > 0 ? tags.includes('vision') : null),
    retiresOn: likeMistral.retiresOn,
  };
}

/** The models in a list body; entries without an id are skipped. */
export function parseModelList(provider: ProviderId, body: unknown): ListedModel[] {
  const outer = record(body);
  const data = Array.isArray(outer?.data) ? outer.data : Array.isArray(outer?.models) ? outer.models : [];
  const read = {
    openrouter: openRouterEntry,
    vercel: vercelEntry,
    mistral: mistralEntry,
    custom: localEntry,
  }[provider];
  return data
    .map(record)
    .filter((entry): entry is Json => entry !== null && typeof entry.id === 'string' && entry.id !== '')
    .map(read);
}

/** The entry for a model name; Ollama lists "llava:latest" for what it answers as "llava". */
export function findModel(models: readonly ListedModel[], name: string): ListedModel | null {
  const names = [name, `${name}:latest`];
  return models.find((m) => names.includes(m.id) || m.aliases.includes(name)) ?? null;
}

function vendor(id: string): string {
  return id.includes('/') ? id.slice(0, id.indexOf('/')) : '';
}

/**
 * The models to offer instead of `wanted`: those known to take images (or, when the list does not say,
 * all), not about to retire, the wanted model's own vendor first, then the cheapest.
 */
export function visionAlternatives(models: readonly ListedModel[], wanted: string, limit = 12): string[] {
  const known = models.some((m) => m.vision !== null);
  const family = vendor(wanted);
  return models
    .filter((m) => m.id !== wanted && (known ? m.vision === true : true) && m.retiresOn === null)
    .sort((a, b) => {
      const kin = Number(vendor(b.id) === family) - Number(vendor(a.id) === family);
      if (kin !== 0) return kin;
      const price = (a.price?.inputPerMTok ?? Infinity) - (b.price?.inputPerMTok ?? Infinity);
      return Number.isNaN(price) || price === 0 ? a.id.localeCompare(b.id) : price;
    })
    .slice(0, limit)
    .map((m) => m.id);
}
