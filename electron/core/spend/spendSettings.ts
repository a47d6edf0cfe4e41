import type { Database } from 'better-sqlite3';
import type { SpendSettings } from '../../../shared/types';

// A user who has set nothing still gets a small daily allowance for photos arriving in watched folders;
// everything larger asks first, and no cap is imposed on their behalf.
export const DEFAULT_SPEND_SETTINGS: SpendSettings = {
  dailyUsd: null,
  monthlyUsd: null,
  totalUsd: null,
  autoAllowancePerDayUsd: 0.5,
  priceOverrides: {},
};

const KEY = 'spend';

export function readSpendSettings(db: Database): SpendSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
    { value: string } | undefined;
  if (!row) return { ...DEFAULT_SPEND_SETTINGS };
  try {
    return { ...DEFAULT_SPEND_SETTINGS, ...(JSON.parse(row.value) as Partial<SpendSettings>) };
  } catch {
    return { ...DEFAULT_SPEND_SETTINGS };
  }
}

export function writeSpendSettings(db: Database, update: Partial<SpendSettings>): SpendSettings {
  const next = { ...readSpendSettings(db), ...update };
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(next));
  return next;
}
