import type { Database } from 'better-sqlite3';
import { up as catalogue } from './001_catalogue';
import { up as spend } from './002_spend';
import { up as review } from './003_review';
import { up as exportedWords } from './004_exported_words';
import { up as largeTreeConsent } from './005_large_tree_consent';
import { up as ledgerByModel } from './020_ledger_by_model';
import { up as answeredModel } from './030_answered_model';
import { up as captionBatches } from './031_caption_batches';
import { up as runnableJobs } from './032_runnable_jobs';

/** Migration N (1-based) is MIGRATIONS[N - 1]; the applied count is kept in PRAGMA user_version. */
export const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [
  catalogue,
  spend,
  review,
  exportedWords,
  largeTreeConsent,
  ledgerByModel,
  answeredModel,
  captionBatches,
  runnableJobs,
];
