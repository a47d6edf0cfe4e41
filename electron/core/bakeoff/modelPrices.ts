// Each bake-off model's own price: the provider's model list where it publishes one (OpenRouter, Vercel), else
// the user's price for the provider on the Spend page, else Shoebox's dated table. The list is a free GET, read
// once a while per provider and server: an estimate is asked again at every change on the page.
import { MAX_LIST_REPLY_BYTES, readBoundedReply } from '../providers/boundedReply';
import type { Price } from '../../../shared/providers';
import type { ModelPriceSource } from '../../../shared/types';
import { findModel, parseModelList } from '../providers/modelList';
import type { ResolvedProvider } from '../settings/settingsStore';

export interface ModelPrice {
  price: Price;
  source: ModelPriceSource;
}

const LIST_TTL_MS = 10 * 60_000;
/** A list that could not be read is asked for again sooner, but not on every keystroke. */
const FAILED_LIST_TTL_MS = 60_000;
const LIST_TIMEOUT_MS = 10_000;

type Listed = ReturnType<typeof parseModelList>;

export function createModelPrices(deps: { fetch?: typeof fetch | undefined; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const lists = new Map<string, { until: number; models: Promise<Listed> }>();

  async function fetchList(resolved: ResolvedProvider): Promise<Listed> {
    const base = resolved.baseUrl.replace(/\/+$/, '');
    try {
      const response = await (deps.fetch ?? fetch)(`${base}/models`, {
        headers: { authorization: `Bearer ${resolved.apiKey ?? 'no-key'}` },
        signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const text = await readBoundedReply(response, MAX_LIST_REPLY_BYTES);
      return parseModelList(resolved.provider, JSON.parse(text));
    } catch {
      return [];
    }
  }

  function listFor(resolved: ResolvedProvider): Promise<Listed> {
    const key = `${resolved.provider} ${resolved.baseUrl}`;
    const held = lists.get(key);
    if (held && held.until > now()) return held.models;
    const models = fetchList(resolved);
    const entry = { until: now() + LIST_TTL_MS, models };
    lists.set(key, entry);
    void models.then((found) => {
      if (found.length === 0) entry.until = now() + FAILED_LIST_TTL_MS;
    });
    return models;
  }

  return {
    /**
     * The price of each model: its list price, else `providerPrice` (the user's override when `overridden`,
     * else the table's).
     */
    async pricesOf(
      resolved: ResolvedProvider,
      models: readonly string[],
      providerPrice: { price: Price; overridden: boolean },
    ): Promise<Map<string, ModelPrice>> {
      // A local server's list may name prices it does not charge: it is free unless the user says otherwise.
      const listed = resolved.provider === 'custom' ? [] : await listFor(resolved);
      const fallback: ModelPrice = {
        price: providerPrice.price,
        source: providerPrice.overridden ? 'override' : 'table',
      };
      return new Map(
        models.map((model) => {
          const price = findModel(listed, model)?.price ?? null;
          return [model, price ? { price, source: 'provider' } : fallback];
        }),
      );
    },
  };
}

export type ModelPrices = ReturnType<typeof createModelPrices>;
