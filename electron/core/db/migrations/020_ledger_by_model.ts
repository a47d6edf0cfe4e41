import type { Database } from 'better-sqlite3';

// Estimates learn each model's token counts from its own recent calls (spend/estimate.ts): this index lets
// that look-up read a model's newest calls directly instead of walking the whole ledger.
export function up(db: Database): void {
  db.exec(`CREATE INDEX ledger_provider_model ON ledger (provider, model, id)`);
}
