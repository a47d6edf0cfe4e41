import type { Database } from 'better-sqlite3';
import { UserError, type Api } from '../../shared/contract';
import type { CaptionQueue } from './captioning/index';
import type { CoreOptions } from './coreInterface';
import { getPhoto, listTags } from './catalog/index';
import type { MeaningService } from './meaning/meaningService';
import { searchWithMeaning } from './meaning/searchWithMeaning';
import { listPlaces } from './places/photoPlaces';
import { findReadablePathById } from './stores/photosStore';
import type { Library } from './library/index';
import type { SettingsStore } from './settings/settingsStore';
import type { SpendService } from './spend/spendService';
import type { ReviewService } from './review/reviewService';
import { listVocabulary } from './review/vocabulary';
import type { ExportJobs } from './export/exportJobs';
import type { ExportService } from './export/exportService';
import type { ConnectionTester } from './providers/connectionService';
import { groupingSavings, type Grouping } from './grouping/index';
import type { Bakeoff } from './bakeoff/bakeoffService';

export interface HandlerDeps {
  db: Database;
  library: Library;
  queue: CaptionQueue;
  settings: SettingsStore;
  spend: SpendService;
  review: ReviewService;
  exporter: ExportService;
  exportJobs: ExportJobs;
  testConnection: ConnectionTester;
  bakeoff: Bakeoff;
  meaning: MeaningService;
  grouping: Pick<Grouping, 'membership' | 'separate' | 'releaseAllWaiting' | 'savedInEstimate'>;
  options: Pick<CoreOptions, 'dataDir' | 'mode' | 'platform'>;
}

const VERSION = '0.1.0';

/**
 * The contract's handler map: thin functions over the domain services. A handler that changes the catalogue
 * goes through a service that records the change for undo and tells open windows (review and vocabulary
 * alike: ReviewService); one that changes what the queue may do wakes the queue.
 */
export function createApiHandlers(deps: HandlerDeps): Api {
  const {
    db,
    library,
    queue,
    settings,
    spend,
    review,
    exporter,
    exportJobs,
    testConnection,
    grouping,
    bakeoff,
    meaning,
    options,
  } = deps;
  const { platform } = options;
  const handlers: Api = {
    'app.info': async () => ({
      version: VERSION,
      mode: options.mode,
      dataDir: options.dataDir,
      canPickFolder: platform?.pickFolder !== undefined,
      canShowInFolder: platform?.showInFolder !== undefined,
    }),
    'folders.list': async () => library.listFolders(),
    'folders.add': async ({ path }) => library.addFolder(path),
    'folders.remove': async ({ id }) => {
      await library.removeFolder(id);
      return null;
    },
    'folders.rescan': async ({ id }) => {
      void library.rescan(id);
      return null;
    },
    'folders.setLocalOnly': async ({ id, localOnly }) => {
      const folder = library.setLocalOnly(id, localOnly);
      queue.wake();
      return folder;
    },
    'folders.stopScan': async ({ id }) => {
      library.stopScan(id);
      return null;
    },
    'folders.continueScan': async ({ id }) => {
      library.continueScan(id);
      return null;
    },
    'folders.pick': async () => {
      if (!platform?.pickFolder)
        throw new UserError('Type the folder path: browser mode has no folder picker.');
      return platform.pickFolder();
    },
    'photos.search': (query) => searchWithMeaning(db, query, meaning),
    'photos.get': async ({ id }) => {
      const photo = getPhoto(db, id);
      return photo ? { ...photo, burst: grouping.membership(id) } : null;
    },
    'photos.unreadable': async ({ folderId }) => library.listUnreadable(folderId),
    'photos.showInFolder': async ({ id }) => {
      if (!platform?.showInFolder) return { shown: false };
      const path = findReadablePathById(db, id);
      if (!path) throw new UserError('This photo has no file on disk any more.');
      platform.showInFolder(path);
      return { shown: true };
    },
    'tags.list': async ({ limit }) => listTags(db, limit),
    'photos.recaption': async ({ id }) => queue.recaption(id),
    'photos.captionSeparately': async ({ id }) => {
      grouping.separate(id);
      return queue.recaption(id);
    },
    'review.queue': async (q) => review.queue(q),
    'review.acceptAll': async ({ photoId }) => review.acceptAll(photoId),
    'review.setTag': async ({ photoId, tag, state }) => review.setTagState(photoId, tag, state),
    'review.addTag': async ({ photoId, tag }) => review.addTag(photoId, tag),
    'review.editCaption': async ({ photoId, caption }) => review.editCaption(photoId, caption),
    'review.useSuggestedCaption': async ({ photoId }) => review.useSuggestedCaption(photoId),
    'review.byTag': async (q) => review.byTag(q),
    'review.bulkTag': async ({ tag, accept, reject }) => review.bulkTag(tag, accept, reject),
    'review.undo': async () => review.undo(),
    'review.history': async ({ limit }) => review.history(limit),
    'vocabulary.list': async () => listVocabulary(db),
    'vocabulary.rename': async ({ from, to }) => review.renameTag(from, to),
    'vocabulary.delete': async ({ tag }) => review.deleteTag(tag),
    'vocabulary.removeRule': async ({ from }) => review.removeRule(from),
    'export.sidecars': async ({ scope, content, naming }) => exporter.sidecars(scope, content, naming),
    'export.embedded': async ({ scope, content, backup, confirmed }) => {
      // The one action that changes the user's photos: never without an explicit yes, whatever the transport.
      if (confirmed !== true) throw new UserError('Writing into the original files needs your confirmation.');
      return exporter.embedded(scope, content, backup);
    },
    'export.table': async ({ scope, content, format }) => exporter.table(scope, content, format),
    'export.start': async ({ confirmed, ...request }) => {
      if (request.kind === 'embedded' && confirmed !== true) {
        throw new UserError('Writing into the original files needs your confirmation.');
      }
      return exportJobs.start(request);
    },
    'export.cancel': async ({ id }) => exportJobs.cancel(id),
    'export.jobs': async () => exportJobs.list(),
    'queue.status': async () => queue.status(),
    'queue.pause': async () => queue.pause(),
    'queue.resume': async () => queue.resume(),
    'queue.retryFailed': async () => queue.retryFailed(),
    'queue.approve': async ({ folderId }) => queue.approve(folderId),
    'spend.estimate': async ({ folderId }) => {
      const estimate = spend.estimate(folderId);
      const ctx = estimate.provider ? spend.costContext(estimate.provider, estimate.model) : null;
      return { ...estimate, ...groupingSavings(grouping, ctx, folderId) };
    },
    'batch.submit': async ({ limit }) => queue.batches.submit(limit),
    'batch.list': async () => queue.batches.list(),
    'batch.cancel': async ({ id }) => queue.batches.cancel(id),
    'review.models': async () => queue.captionModels(),
    'queue.recaptionModel': async ({ model }) => queue.recaptionModel(model),
    'spend.report': async () => spend.report(),
    'spend.updateSettings': async (update) => {
      const report = await spend.updateSettings(update);
      queue.wake();
      return report;
    },
    'spend.ledgerCsv': async () => spend.ledgerCsv(),
    'settings.get': async () => settings.get(),
    'settings.update': async (update) => {
      const next = settings.update(update);
      if (update.groupBursts === false) grouping.releaseAllWaiting();
      queue.wake();
      return next;
    },
    'settings.setKey': async ({ provider, key }) => {
      const next = settings.setKey(provider, key);
      queue.wake();
      return next;
    },
    'settings.testConnection': async () => (await testConnection()).result,
    'places.list': async () => listPlaces(db),
    'bakeoff.estimate': async (choice) => bakeoff.estimate(choice),
    'bakeoff.start': async (choice) => bakeoff.start(choice),
    'bakeoff.results': async ({ runId }) => bakeoff.results(runId),
    'bakeoff.useModel': async ({ model }) => {
      const next = bakeoff.useModel(model);
      queue.wake();
      return next;
    },
  };
  return handlers;
}
