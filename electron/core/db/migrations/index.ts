import type { Database } from 'better-sqlite3';
import { up as catalogue } from './001_catalogue';
import { up as spend } from './002_spend';
import { up as review } from './003_review';
import { up as exportedWords } from './004_exported_words';
import { up as largeTreeConsent } from './005_large_tree_consent';
import { up as searchStems } from './010_search_stems';
import { up as wordPairs } from './011_word_pairs';
import { up as places } from './012_places';
import { up as cjkWords } from './013_cjk_words';
import { up as ledgerByModel } from './020_ledger_by_model';
import { up as answeredModel } from './030_answered_model';
import { up as captionBatches } from './031_caption_batches';
import { up as runnableJobs } from './032_runnable_jobs';
import { up as burstGroups } from './035_burst_groups';
import { up as bakeoff } from './036_bakeoff';
import { up as folderCountsIndex } from './045_folder_counts_index';
import { up as folderRemoval } from './046_folder_removal';
import { up as fingerprintBands } from './047_fingerprint_bands';
import { up as vocabularyJobs } from './048_vocabulary_jobs';
import { up as captionMeaning } from './056_caption_meaning';
import { up as queueCounts } from './060_queue_counts';
import { up as firstScanDone } from './064_first_scan_done';
import { up as tagCounts } from './070_tag_counts';
import { up as reviewReads } from './073_review_reads';
import { up as searchDocOnce } from './076_search_doc_once';
import { up as searchDocHeld } from './077_search_doc_held';
import { up as localOnlyFolders } from './078_local_only_folders';

export interface Migration {
  /** The number in the file name; PRAGMA user_version holds the last one applied. */
  version: number;
  up: (db: Database) => void;
}

/**
 * In ascending order. Numbers leave room between areas of work, so two changes made side by side can each
 * take the next free number in their own range without renumbering the other.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, up: catalogue },
  { version: 2, up: spend },
  { version: 3, up: review },
  { version: 4, up: exportedWords },
  { version: 5, up: largeTreeConsent },
  { version: 10, up: searchStems },
  { version: 11, up: wordPairs },
  { version: 12, up: places },
  { version: 13, up: cjkWords },
  { version: 20, up: ledgerByModel },
  { version: 30, up: answeredModel },
  { version: 31, up: captionBatches },
  { version: 32, up: runnableJobs },
  { version: 35, up: burstGroups },
  { version: 36, up: bakeoff },
  { version: 45, up: folderCountsIndex },
  { version: 46, up: folderRemoval },
  { version: 47, up: fingerprintBands },
  { version: 48, up: vocabularyJobs },
  { version: 56, up: captionMeaning },
  { version: 60, up: queueCounts },
  { version: 64, up: firstScanDone },
  { version: 70, up: tagCounts },
  { version: 73, up: reviewReads },
  { version: 76, up: searchDocOnce },
  { version: 77, up: searchDocHeld },
  { version: 78, up: localOnlyFolders },
];

/** The schema version this build writes. */
export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
