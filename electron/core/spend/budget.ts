import type { Database } from 'better-sqlite3';
import { committedSpend } from './ledger';

export interface BudgetCaps {
  /** USD; null means no limit. */
  dailyUsd: number | null;
  monthlyUsd: number | null;
  totalUsd: number | null;
}

export type CapName = 'daily' | 'monthly' | 'total';

export type BudgetCheck = { ok: true } | { ok: false; cap: CapName; message: string };

/** Dollars, with enough digits that a small cap never reads as "$0.00". */
function usd(amount: number): string {
  return amount > 0 && amount < 1 ? `$${Number(amount.toPrecision(2))}` : `$${amount.toFixed(2)}`;
}

const WHERE_TO_RAISE = 'Raise it on the Spend page to carry on.';

/**
 * Whether a call that may cost up to `reserve` fits under every cap, counting settled spend and all open
 * reservations. The caller runs this and the reservation insert in one synchronous transaction, so
 * concurrent workers cannot both squeeze under the same remaining amount.
 */
export function checkBudget(db: Database, caps: BudgetCaps, reserve: number, now: Date): BudgetCheck {
  const spent = committedSpend(db, now);
  const limits: Array<[CapName, number | null, number, string]> = [
    ['daily', caps.dailyUsd, spent.today, 'daily limit'],
    ['monthly', caps.monthlyUsd, spent.month, 'monthly limit'],
    ['total', caps.totalUsd, spent.total, 'total limit'],
  ];
  for (const [cap, limit, used, label] of limits) {
    if (limit !== null && used + reserve > limit + 1e-12) {
      return {
        ok: false,
        cap,
        message: `Captioning paused: the ${label} of ${usd(limit)} is reached (${usd(used)} spent or reserved). ${WHERE_TO_RAISE}`,
      };
    }
  }
  return { ok: true };
}
