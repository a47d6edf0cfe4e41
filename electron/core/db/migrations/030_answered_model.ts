import type { Database } from 'better-sqlite3';

// With fallbacks, the model asked for and the model that answered can differ (a gateway routed the call, or
// the queue switched after a retirement): the ledger keeps both, from the response's own `model` field.
export function up(db: Database): void {
  db.exec(`ALTER TABLE ledger ADD COLUMN answered_model TEXT`);
}
