import type { Database } from 'better-sqlite3';
import type { SpendSettings } from '../../../shared/types';
import { readSetting, writeSettings } from '../stores/settingsTable';

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
  const value = readSetting(db, KEY);
  if (value === undefined) return { ...DEFAULT_SPEND_SETTINGS };
  try {
    return { ...DEFAULT_SPEND_SETTINGS, ...(JSON.parse(value) as Partial<SpendSettings>) };
  } catch {
    return { ...DEFAULT_SPEND_SETTINGS };
  }
}

export function writeSpendSettings(db: Database, update: Partial<SpendSettings>): SpendSettings {
  const next = { ...readSpendSettings(db), ...update };
  writeSettings(db, { [KEY]: JSON.stringify(next) });
  return next;
}
