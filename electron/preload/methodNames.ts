// The contract's method names, spelled out for the preload. A sandboxed preload can only load 'electron', so
// it must not import shared/contract at runtime (that pulls in zod). The type checks below fail compilation
// if this list and the contract ever differ, and preload.test.ts compares it with `methods` too.
import type { Method } from '../../shared/contract';

export const PRELOAD_METHODS = [
  'app.info',
  'folders.list',
  'folders.add',
  'folders.remove',
  'folders.rescan',
  'folders.setLocalOnly',
  'folders.pick',
  'folders.stopScan',
  'folders.continueScan',
  'photos.search',
  'photos.get',
  'photos.unreadable',
  'photos.showInFolder',
  'tags.list',
  'photos.recaption',
  'review.queue',
  'review.acceptAll',
  'review.setTag',
  'review.addTag',
  'review.editCaption',
  'review.useSuggestedCaption',
  'review.byTag',
  'review.bulkTag',
  'review.undo',
  'review.history',
  'vocabulary.list',
  'vocabulary.rename',
  'vocabulary.delete',
  'vocabulary.removeRule',
  'export.sidecars',
  'export.embedded',
  'export.table',
  'export.start',
  'export.cancel',
  'export.jobs',
  'queue.status',
  'queue.pause',
  'queue.resume',
  'queue.retryFailed',
  'queue.approve',
  'spend.estimate',
  'spend.report',
  'spend.updateSettings',
  'spend.ledgerCsv',
  'settings.get',
  'settings.update',
  'settings.setKey',
  'settings.testConnection',
] as const satisfies readonly Method[];

type Listed = (typeof PRELOAD_METHODS)[number];
/** Compile error here means a contract method is missing from PRELOAD_METHODS. */
export const everyMethodListed: Exclude<Method, Listed> extends never ? true : never = true;
