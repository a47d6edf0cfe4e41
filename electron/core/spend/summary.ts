import type { Database } from 'better-sqlite3';
import { localDay } from './calendar';
import { committedSpend } from './ledger';
import {
  meanEstimateError,
  spendByProviderModel,
  spendPerDay,
  spendPerPhoto,
  type SpendBreakdown,
} from '../stores/ledgerStore';

export type { SpendBreakdown };

export interface SpendSummary {
  today: number;
  month: number;
  total: number;
  /** Cost of photos captioned so far divided by their number. */
  averagePerPhoto: number | null;
  /** Mean of |estimated − actual| / actual over captioned calls (actual: the provider's cost, or its tokens × price). */
  estimateError: number | null;
  byProviderModel: SpendBreakdown[];
  /** The last `days` local days, oldest first, zero-filled. */
  daily: Array<{ day: string; cost: number }>;
}

export function spendSummary(db: Database, now: Date, days = 30): SpendSummary {
  const committed = committedSpend(db, now);
  const byProviderModel = spendByProviderModel(db);
  const perPhoto = spendPerPhoto(db);
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  const rows = spendPerDay(db, localDay(first));
  const byDay = new Map(rows.map((row) => [row.day, row.cost]));
  const daily = Array.from({ length: days }, (_, i) => {
    const day = localDay(new Date(first.getFullYear(), first.getMonth(), first.getDate() + i));
    return { day, cost: byDay.get(day) ?? 0 };
  });

  return {
    ...committed,
    averagePerPhoto: perPhoto.photos > 0 ? (perPhoto.cost ?? 0) / perPhoto.photos : null,
    estimateError: meanEstimateError(db),
    byProviderModel,
    daily,
  };
}
