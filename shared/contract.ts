// The one API contract between the UI and the core, without a single runtime dependency: the method and
// event names, each method's arguments and result, the limits every layer applies, and the errors. The
// sandboxed preload and the renderer load this file; the zod schemas that check arguments against these
// types live in contractSchemas.ts, which only the core and the server load (lint says so).
import type {
  AppInfo,
  BakeoffEstimate,
  BakeoffRun,
  BatchInfo,
  ModelCount,
  ConnectionTest,
  EditOutcome,
  EditRecord,
  ExportContent,
  ExportJob,
  ExportOutcome,
  ExportScope,
  Folder,
  PhotoDetail,
  ProviderId,
  QueueStatus,
  ScanProgress,
  SearchPage,
  SearchQuery,
  PlaceCount,
  Settings,
  SettingsUpdate,
  SpendEstimate,
  SpendReport,
  SpendSettings,
  TableExport,
  TagCount,
  TaggedPage,
  UnreadableFile,
  Vocabulary,
} from './types';

/**
 * The largest (and smallest) values any layer accepts: the schemas check them on the wire, the services
 * check them again where they apply, and the UI's inputs stop there. One number per field, used everywhere.
 */
export const LIMITS = {
  /** A tag the user writes or names (after tidying it is never longer). */
  tagChars: 100,
  /** A caption the user writes. */
  captionChars: 2000,
  searchTextChars: 10_000,
  /** A model id such as `mistralai/pixtral-12b`. */
  modelChars: 200,
  folderPathChars: 4096,
  baseUrlChars: 2048,
  keyChars: 4096,
  /** A BCP 47 language tag. */
  languageTagChars: 35,
  /** Photos in one page of search, review or history. */
  pageSize: 500,
  tagsListed: 5000,
  photosInBulkTag: 200_000,
  photosInBatch: 50_000,
  usdLimit: 100_000,
  autoAllowancePerDayUsd: 10_000,
  concurrency: { min: 1, max: 32 },
  uploadMaxPx: { min: 256, max: 2048 },
  fallbackModels: 8,
  bakeoffSamples: { min: 1, max: 30 },
  bakeoffModels: { min: 2, max: 4 },
  /** A price the user sets (USD per million tokens, or per image): far above any model's, and finite. */
  priceUsd: 10_000,
} as const;

/** A method that takes no arguments is called with `{}`. */
export type NoArgs = Record<string, never>;
export interface ById {
  id: number;
}
export interface ByPhoto {
  photoId: number;
}
export interface PageArgs {
  offset?: number | undefined;
  limit?: number | undefined;
}
export interface ByFolder {
  folderId?: number | undefined;
}
export interface ReviewQueueArgs extends ByFolder, PageArgs {
  model?: string | undefined;
}
export interface ReviewByTagArgs extends PageArgs {
  tag: string;
}
export type ReviewVerdict = 'accepted' | 'rejected';
export interface BakeoffChoiceArgs {
  photoIds?: number[] | undefined;
  count?: number | undefined;
  models: string[];
}
export interface BakeoffStartArgs extends BakeoffChoiceArgs {
  confirmed: true;
}
export type SpendSettingsUpdate = {
  [K in 'dailyUsd' | 'monthlyUsd' | 'totalUsd' | 'autoAllowancePerDayUsd' | 'priceOverrides']?:
    SpendSettings[K] | undefined;
};

/** Each method's arguments; contractSchemas.ts fails to compile when a schema checks anything else. */
export interface MethodArgs {
  'app.info': NoArgs;
  'folders.list': NoArgs;
  'folders.add': { path: string };
  'folders.remove': ById;
  'folders.rescan': ById;
  'folders.setLocalOnly': { id: number; localOnly: boolean };
  /** Desktop only: the OS folder picker. Resolves to the chosen path, or null when cancelled. */
  'folders.pick': NoArgs;
  /** Stops a folder's running scan (or declines a huge tree); nothing is forgotten, the folder is not watched. */
  'folders.stopScan': ById;
  /** Yes to watching a tree far larger than a photo library (a folder whose `largeTree` is set). */
  'folders.continueScan': ById;
  'photos.search': SearchQuery;
  'photos.get': ById;
  'photos.unreadable': ByFolder;
  /** Desktop only: reveal the photo's first location in the OS file manager. */
  'photos.showInFolder': ById;
  'tags.list': { limit?: number | undefined };
  /** Asks the model again for one photo; what the user accepted or wrote stays. */
  'photos.recaption': ById;
  /** Ends a photo's burst grouping and queues it for a caption of its own (budget caps apply). */
  'photos.captionSeparately': ById;
  /** Photos with suggestions nobody has reviewed yet, newest first. */
  'review.queue': ReviewQueueArgs;
  'review.acceptAll': ByPhoto;
  'review.setTag': { photoId: number; tag: string; state: ReviewVerdict };
  'review.addTag': { photoId: number; tag: string };
  'review.editCaption': { photoId: number; caption: string };
  'review.useSuggestedCaption': ByPhoto;
  'review.byTag': ReviewByTagArgs;
  /** Review by tag in one action: accept on these photos, reject on those. */
  'review.bulkTag': { tag: string; accept: number[]; reject: number[] };
  /** Reverts the newest change, bulk ones as a whole. */
  'review.undo': NoArgs;
  'review.history': { limit?: number | undefined };
  'vocabulary.list': NoArgs;
  /** Renames a tag, or merges it into an existing one; either way a rule for the model's future tags. */
  'vocabulary.rename': { from: string; to: string };
  'vocabulary.delete': { tag: string };
  'vocabulary.removeRule': { from: string };
  /** XMP sidecars beside every copy of each photo; existing sidecars are merged. */
  'export.sidecars': { scope: ExportScope; content: ExportContent; naming: 'lightroom' | 'digikam' };
  /** Writes into the originals themselves: only with confirmed: true; backs each file up unless told not to. */
  'export.embedded': { scope: ExportScope; content: ExportContent; backup: boolean; confirmed: true };
  'export.table': { scope: ExportScope; content: ExportContent; format: 'csv' | 'json' };
  /** Any export as a background job: progress in export.progress events, cancellable, a summary at the end. */
  'export.start': {
    kind: 'sidecars' | 'embedded' | 'csv' | 'json';
    scope: ExportScope;
    content: ExportContent;
    naming?: 'lightroom' | 'digikam';
    backup?: boolean;
    /** Required for 'embedded': it writes into the originals. */
    confirmed?: true;
    /** CSV and JSON: an absolute file path (the desktop's save dialog); else the data folder, for download. */
    destination?: string;
  };
  'export.cancel': { id: number };
  'export.jobs': NoArgs;
  'queue.status': NoArgs;
  'queue.pause': NoArgs;
  'queue.resume': NoArgs;
  'queue.retryFailed': NoArgs;
  /** Yes to the estimate: captions every photo waiting for approval (in one folder, or all). */
  'queue.approve': ByFolder;
  'spend.estimate': ByFolder;
  'spend.report': NoArgs;
  'spend.updateSettings': SpendSettingsUpdate;
  /** Every provider call as CSV (RFC 4180). */
  'spend.ledgerCsv': NoArgs;
  'settings.get': NoArgs;
  'settings.update': SettingsUpdate;
  /** Stores (or, with null, forgets) the key of a provider. Write-only: no method ever returns a key. */
  'settings.setKey': { provider: ProviderId; key: string | null };
  /** Asks the saved provider (free GET requests only) whether the key works and the model is served and takes images. */
  'settings.testConnection': NoArgs;
  /** The countries photos were taken in (named offline from their GPS), with how many photos each. */
  'places.list': NoArgs;
  /** What a bake-off would cost: sample photos (chosen, or `count` spread over time) × 2–4 models. */
  'bakeoff.estimate': BakeoffChoiceArgs;
  /** Runs a bake-off the user agreed to (confirmed: true): every call goes through the budget caps. */
  'bakeoff.start': BakeoffStartArgs;
  'bakeoff.results': { runId: number };
  /** "Use this model": sets the provider's model for the library. */
  'bakeoff.useModel': { model: string };
  /** Sends the photos waiting for a caption (up to `limit`) as one job to the provider's batch API (Mistral). */
  'batch.submit': { limit?: number | undefined };
  /** Every caption batch, newest first, with what it captioned, failed, gave back and was billed. */
  'batch.list': NoArgs;
  /** Asks the provider to stop a running batch; what it answered so far is stored and billed. */
  'batch.cancel': ById;
  /** Each model that wrote the catalogue's captions (the one that answered), with how many photos. */
  'review.models': NoArgs;
  /** Queues a fresh caption of every photo model X wrote; they wait for approval of the estimate first. */
  'queue.recaptionModel': { model: string };
}

export interface Results {
  'app.info': AppInfo;
  'folders.list': Folder[];
  'folders.add': Folder;
  'folders.remove': null;
  'folders.rescan': null;
  'folders.setLocalOnly': Folder;
  'folders.pick': string | null;
  'folders.stopScan': null;
  'folders.continueScan': null;
  'photos.search': SearchPage;
  'photos.get': PhotoDetail | null;
  'photos.unreadable': UnreadableFile[];
  'photos.showInFolder': { shown: boolean };
  'tags.list': TagCount[];
  'photos.recaption': QueueStatus;
  'photos.captionSeparately': QueueStatus;
  'review.queue': SearchPage;
  'review.acceptAll': EditOutcome;
  'review.setTag': EditOutcome;
  'review.addTag': EditOutcome;
  'review.editCaption': EditOutcome;
  'review.useSuggestedCaption': EditOutcome;
  'review.byTag': TaggedPage;
  'review.bulkTag': EditOutcome;
  'review.undo': EditOutcome | null;
  'review.history': EditRecord[];
  'vocabulary.list': Vocabulary;
  'vocabulary.rename': EditOutcome;
  'vocabulary.delete': EditOutcome;
  'vocabulary.removeRule': EditOutcome;
  'export.sidecars': ExportOutcome;
  'export.embedded': ExportOutcome;
  'export.table': TableExport;
  'export.start': ExportJob;
  'export.cancel': ExportJob;
  'export.jobs': ExportJob[];
  'queue.status': QueueStatus;
  'queue.pause': QueueStatus;
  'queue.resume': QueueStatus;
  'queue.retryFailed': QueueStatus;
  'queue.approve': QueueStatus;
  'spend.estimate': SpendEstimate;
  'spend.report': SpendReport;
  'spend.updateSettings': SpendReport;
  'spend.ledgerCsv': { csv: string };
  'settings.get': Settings;
  'settings.update': Settings;
  'settings.setKey': Settings;
  'settings.testConnection': ConnectionTest;
  'places.list': PlaceCount[];
  'bakeoff.estimate': BakeoffEstimate;
  'bakeoff.start': BakeoffRun;
  'bakeoff.results': BakeoffRun;
  'bakeoff.useModel': Settings;
  'batch.submit': BatchInfo;
  'batch.list': BatchInfo[];
  'batch.cancel': BatchInfo;
  'review.models': ModelCount[];
  'queue.recaptionModel': { queued: number; status: QueueStatus };
}

/** Every method's name, in the contract's order: the one runtime list (the preload serves exactly these). */
export const METHODS = [
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
  'photos.captionSeparately',
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
  'places.list',
  'bakeoff.estimate',
  'bakeoff.start',
  'bakeoff.results',
  'bakeoff.useModel',
  'batch.submit',
  'batch.list',
  'batch.cancel',
  'review.models',
  'queue.recaptionModel',
] as const;

export type Method = (typeof METHODS)[number];
export type Args<M extends Method> = MethodArgs[M];
export type Result<M extends Method> = Results[M];

/** What a transport serves: one async function per method. */
export type Api = { [M in Method]: (args: Args<M>) => Promise<Result<M>> };

export const methods: readonly Method[] = METHODS;

const methodSet: ReadonlySet<string> = new Set(METHODS);

export function isMethod(name: string): name is Method {
  return methodSet.has(name);
}

/** Events the core pushes to every window (IPC) or browser tab (Server-Sent Events). */
export interface Events {
  'queue.status': QueueStatus;
  'scan.progress': ScanProgress;
  'folders.changed': Folder[];
  /** Photos were added, changed, captioned or removed: search results may be stale. */
  'photos.changed': { count: number };
  /** A background export started, moved on or finished. */
  'export.progress': ExportJob;
}

export type EventName = keyof Events;

export const EVENT_NAMES = [
  'queue.status',
  'scan.progress',
  'folders.changed',
  'photos.changed',
  'export.progress',
] as const;
export const eventNames: readonly EventName[] = EVENT_NAMES;

/** An error a handler means the user to read (bad path, unknown id…), as opposed to a bug. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** How both transports carry an error: a message for the user, and whether it was the caller's fault. */
export interface WireError {
  error: { message: string; kind: ErrorKind };
}

export type ErrorKind = 'invalid-argument' | 'user' | 'internal';

// Compile-time checks that the lists above name every method and event of the maps, and nothing else.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const everyMethodListed: Same<Method, keyof Results> & Same<Method, keyof MethodArgs> = true;
export const everyEventListed: Same<(typeof EVENT_NAMES)[number], EventName> = true;
