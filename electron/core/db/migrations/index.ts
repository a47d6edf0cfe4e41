import type { Database } from 'better-sqlite3';
import { up as catalogue } from './001_catalogue';
import { up as spend } from './002_spend';
import { up as review } from './003_review';
import { up as exportedWords } from './004_exported_words';
import { up as largeTreeConsent } from './005_large_tree_consent';
import { up as ledgerByModel } from './020_ledger_by_model';
import { up as folderCountsIndex } from './045_folder_counts_index';
import { up as folderRemoval } from './046_folder_removal';

/** Migration N (1-based) is MIGRATIONS[N - 1]; the applied count is kept in PRAGMA user_version. */
export const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [
  catalogue,
  spend,
  review,
  exportedWords,
  largeTreeConsent,
  ledgerByModel,
  folderCountsIndex,
  folderRemoval,
];
