import type { Database } from 'better-sqlite3';
import type { SpendReport } from '../../../shared/types';
import { localDay } from './calendar';
import { committedSpend } from './ledger';

export type SpendBreakdown = SpendReport['byProviderModel'][number];

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
  const byProviderModel = db
    .prepare(
      `SELECT provider, model, count(*) AS calls, coalesce(sum(billed), 0) AS billedCalls,
              coalesce(sum(CASE WHEN state = 'settled' THEN cost ELSE reserved_cost END), 0) AS cost,
              count(DISTINCT CASE WHEN outcome = 'captioned' THEN photo_id END) AS photos
       FROM ledger GROUP BY provider, model ORDER BY cost DESC`,
    )
    .all() as SpendBreakdown[];
  const perPhoto = db
    .prepare(
      `SELECT sum(CASE WHEN state = 'settled' THEN cost ELSE reserved_cost END) AS cost,
              count(DISTINCT CASE WHEN outcome = 'captioned' THEN photo_id END) AS photos FROM ledger`,
    )
    .get() as { cost: number | null; photos: number };
  const error = db
    .prepare(
      `SELECT avg(abs(estimated_cost - cost) / cost) AS e FROM ledger
       WHERE state = 'settled' AND outcome = 'captioned' AND cost > 0`,
    )
    .get() as { e: number | null };

  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  const rows = db
    .prepare(
      `SELECT day, sum(CASE WHEN state = 'settled' THEN cost ELSE reserved_cost END) AS cost
       FROM ledger WHERE day >= ? GROUP BY day`,
    )
    .all(localDay(first)) as Array<{ day: string; cost: number }>;
  const byDay = new Map(rows.map((row) => [row.day, row.cost]));
  const daily = Array.from({ length: days }, (_, i) => {
    const day = localDay(new Date(first.getFullYear(), first.getMonth(), first.getDate() + i));
    return { day, cost: byDay.get(day) ?? 0 };
  });

  return {
    ...committed,
    averagePerPhoto: perPhoto.photos > 0 ? (perPhoto.cost ?? 0) / perPhoto.photos : null,
    estimateError: error.e,
    byProviderModel,
    daily,
  };
}
