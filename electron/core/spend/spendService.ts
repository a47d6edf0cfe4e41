import type { Database } from 'better-sqlite3';
import { PRICES, PRICES_AS_OF, PROVIDERS, type Price } from '../../../shared/providers';
import type { ProviderId, SpendEstimate, SpendReport, SpendSettings } from '../../../shared/types';
import type { Clock } from '../clock';
import { fetchBalance } from './balances';
import { estimateAwaitingApproval, learnedTokenHabits, type PhotoCostContext } from './estimate';
import { batchOffer } from '../captioning/batch/batchOffer';
import { ledgerCsv } from './ledger';
import { readSpendSettings, writeSpendSettings } from './spendSettings';
import { spendSummary } from './summary';

export interface ProviderForSpend {
  provider: ProviderId;
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

export interface SpendServiceDeps {
  db: Database;
  clock: Clock;
  /** The configured provider, or null when none is usable yet. */
  provider: () => ProviderForSpend | null;
  uploadMaxPx: () => number;
  fetch?: typeof fetch;
}

export function priceFor(settings: SpendSettings, provider: ProviderId): Price {
  return settings.priceOverrides[provider] ?? PRICES[provider];
}

export function createSpendService(deps: SpendServiceDeps) {
  const { db, clock } = deps;

  /** Prices and the token habits learned for this model (or, before its first call, the provider). */
  function costContext(provider: ProviderId, model: string | null = null): PhotoCostContext {
    return {
      price: priceFor(readSpendSettings(db), provider),
      uploadMaxPx: deps.uploadMaxPx(),
      habits: learnedTokenHabits(db, provider, model),
    };
  }

  function estimate(folderId?: number): SpendEstimate {
    const current = deps.provider();
    if (!current) {
      const { photos } = estimateAwaitingApproval(db, costContext('custom'), folderId);
      return { photos, costUsd: 0, perPhotoUsd: 0, provider: null, providerLabel: null, model: null };
    }
    const { photos, costUsd } = estimateAwaitingApproval(
      db,
      costContext(current.provider, current.model),
      folderId,
    );
    return {
      photos,
      costUsd,
      perPhotoUsd: photos > 0 ? costUsd / photos : 0,
      provider: current.provider,
      providerLabel: PROVIDERS[current.provider].label,
      model: current.model,
      batch: batchOffer(current.provider, current.model, photos, costUsd),
    };
  }

  async function report(): Promise<SpendReport> {
    const settings = readSpendSettings(db);
    const current = deps.provider();
    const balance =
      current?.apiKey && (current.provider === 'openrouter' || current.provider === 'vercel')
        ? await fetchBalance(current.provider, current.baseUrl, current.apiKey, deps.fetch)
        : null;
    const prices = { ...PRICES };
    for (const id of Object.keys(prices) as ProviderId[]) prices[id] = priceFor(settings, id);
    return {
      ...spendSummary(db, new Date(clock.now())),
      balance,
      settings,
      pricesAsOf: PRICES_AS_OF,
      prices,
    };
  }

  /** The provider's price as the user set it, or the table's; `overridden` says which. */
  function providerPrice(provider: ProviderId): { price: Price; overridden: boolean } {
    const settings = readSpendSettings(db);
    return {
      price: priceFor(settings, provider),
      overridden: settings.priceOverrides[provider] !== undefined,
    };
  }

  return {
    costContext,
    providerPrice,
    estimate,
    report,
    settings: () => readSpendSettings(db),
    updateSettings: async (update: Partial<SpendSettings>) => {
      writeSpendSettings(db, update);
      return report();
    },
    ledgerCsv: () => ({ csv: ledgerCsv(db) }),
  };
}

export type SpendService = ReturnType<typeof createSpendService>;
