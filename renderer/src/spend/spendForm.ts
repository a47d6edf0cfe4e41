// The Spend page's form of limits and prices as the user types it: made from a report, turned back into the
// update the core takes, and refreshed from a newer report without losing what the user has typed since.
import { PROVIDERS, PROVIDER_IDS } from '../../../shared/providers';
import type { SpendSettingsUpdate } from '../../../shared/contract';
import type { ProviderId, SpendReport } from '../../../shared/types';
import { parseLimit } from './spendFormat';

export const CAP_FIELDS = ['daily', 'monthly', 'total', 'allowance'] as const;
export const PRICE_FIELDS = ['inputPerMTok', 'outputPerMTok', 'perImage'] as const;
export type CapField = (typeof CAP_FIELDS)[number];
export type PriceField = (typeof PRICE_FIELDS)[number];

export interface SpendDraft {
  caps: Record<CapField, string>;
  /** Per image as dollars per 1,000 images, the way price lists quote it. */
  prices: Record<ProviderId, Record<PriceField, string>>;
}

/** Names one field of the form, to remember which ones the user has changed. */
export type FieldName = CapField | `${ProviderId}.${PriceField}`;

export function priceFieldName(provider: ProviderId, field: PriceField): FieldName {
  return `${provider}.${field}`;
}

function limitText(value: number | null): string {
  return value === null ? '' : String(value);
}

/** The form showing the stored settings of a report. */
export function draftFrom(report: SpendReport): SpendDraft {
  const { settings } = report;
  const prices = {} as SpendDraft['prices'];
  for (const id of PROVIDER_IDS) {
    const p = report.prices[id];
    prices[id] = {
      inputPerMTok: String(p.inputPerMTok),
      outputPerMTok: String(p.outputPerMTok),
      perImage: String(p.perImage * 1000),
    };
  }
  return {
    caps: {
      daily: limitText(settings.dailyUsd),
      monthly: limitText(settings.monthlyUsd),
      total: limitText(settings.totalUsd),
      allowance: String(settings.autoAllowancePerDayUsd),
    },
    prices,
  };
}

/**
 * The stored settings, except in the fields the user has changed: a report that lands while the user types
 * (the page opening, new spend) must not put back what they just overwrote.
 */
export function keepEdits(stored: SpendDraft, current: SpendDraft | null, edited: ReadonlySet<FieldName>) {
  if (!current || edited.size === 0) return stored;
  const caps = { ...stored.caps };
  for (const field of CAP_FIELDS) if (edited.has(field)) caps[field] = current.caps[field];
  const prices = { ...stored.prices };
  for (const id of PROVIDER_IDS) {
    const row = { ...stored.prices[id] };
    for (const field of PRICE_FIELDS) {
      if (edited.has(priceFieldName(id, field))) row[field] = current.prices[id][field];
    }
    prices[id] = row;
  }
  return { caps, prices };
}

/** What the core is asked to store, or why the form cannot be saved as it is. */
export function updateFrom(draft: SpendDraft): { update: SpendSettingsUpdate } | { error: string } {
  const [daily, monthly, total, allowance] = CAP_FIELDS.map((field) => parseLimit(draft.caps[field]));
  if ([daily, monthly, total, allowance].includes('invalid')) {
    return { error: 'Limits are amounts in dollars, like 5 or 0.50; leave a field empty for no limit.' };
  }
  const priceOverrides: NonNullable<SpendSettingsUpdate['priceOverrides']> = {};
  for (const id of PROVIDER_IDS) {
    const p = draft.prices[id];
    const price = {
      inputPerMTok: Number(p.inputPerMTok),
      outputPerMTok: Number(p.outputPerMTok),
      perImage: Number(p.perImage) / 1000,
    };
    if (Object.values(price).some(isNotAPrice)) {
      return { error: `Prices for ${PROVIDERS[id].label} must be numbers of zero or more.` };
    }
    priceOverrides[id] = price;
  }
  return {
    update: {
      dailyUsd: daily as number | null,
      monthlyUsd: monthly as number | null,
      totalUsd: total as number | null,
      autoAllowancePerDayUsd: (allowance as number | null) ?? 0,
      priceOverrides,
    },
  };
}

function isNotAPrice(value: number): boolean {
  return !Number.isFinite(value) || value < 0;
}
