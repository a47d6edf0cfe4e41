// The one API contract between the UI and the core. Both transports (Electron IPC and HTTP) serve exactly
// this map; the renderer only ever calls it. Every argument is checked against its zod schema before a
// handler runs, so a handler can trust its input.
import { z } from 'zod';
import { isCalendarDate } from './calendarDate';
import type {
  AppInfo,
  BakeoffEstimate,
  BakeoffRun,
  BatchInfo,
  ModelCount,
  ConnectionTest,
  EditOutcome,
  EditRecord,
  ExportJob,
  ExportOutcome,
  Folder,
  PhotoDetail,
  QueueStatus,
  ScanProgress,
  SearchPage,
  PlaceCount,
  Settings,
  SpendEstimate,
  SpendReport,
  TableExport,
  TagCount,
  TaggedPage,
  UnreadableFile,
  Vocabulary,
} from './types';

const providerId = z.enum(['openrouter', 'vercel', 'mistral', 'custom']);
const isoDate = z.string().refine(isCalendarDate, 'expected a day of the calendar as YYYY-MM-DD');
const none = z.object({}).strict();
const byId = z.object({ id: z.number().int().positive() }).strict();
const usdLimit = z.number().min(0).max(100_000).nullable();
const photoId = z.number().int().positive();
const tagName = z.string().min(1).max(200);
const page = {
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(500).optional(),
};
const exportScope = z
  .object({
    folderId: z.number().int().positive().optional(),
    search: z
      .object({
        text: z.string().max(10_000),
        takenFrom: isoDate.optional(),
        takenTo: isoDate.optional(),
        tag: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
const exportContent = z.enum(['accepted', 'suggestions']);
const bakeoffChoice = z
  .object({
    photoIds: z.array(photoId).max(30).optional(),
    count: z.number().int().min(1).max(30).optional(),
    models: z.array(z.string().min(1).max(200)).min(2).max(4),
  })
  .strict();

export const argSchemas = {
  'app.info': none,
  'folders.list': none,
  'folders.add': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'folders.remove': byId,
  'folders.rescan': byId,
  'folders.setLocalOnly': z.object({ id: z.number().int().positive(), localOnly: z.boolean() }).strict(),
  /** Desktop only: the OS folder picker. Resolves to the chosen path, or null when cancelled. */
  'folders.pick': none,
  /** Stops a folder's running scan (or declines a huge tree); nothing is forgotten, the folder is not watched. */
  'folders.stopScan': byId,
  /** Yes to watching a tree far larger than a photo library (a folder whose `largeTree` is set). */
  'folders.continueScan': byId,
  'photos.search': z
    .object({
      text: z.string().max(10_000),
      folderId: z.number().int().positive().optional(),
      takenFrom: isoDate.optional(),
      takenTo: isoDate.optional(),
      tag: z.string().max(200).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      exact: z.boolean().optional(),
      readDates: z.boolean().optional(),
      weaker: z.boolean().optional(),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
    })
    .strict(),
  'photos.get': byId,
  'photos.unreadable': z.object({ folderId: z.number().int().positive().optional() }).strict(),
  /** Desktop only: reveal the photo's first location in the OS file manager. */
  'photos.showInFolder': byId,
  'tags.list': z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict(),
  /** Asks the model again for one photo; what the user accepted or wrote stays. */
  'photos.recaption': byId,
  /** Ends a photo's burst grouping and queues it for a caption of its own (budget caps apply). */
  'photos.captionSeparately': byId,
  /** Photos with suggestions nobody has reviewed yet, newest first. */
  'review.queue': z
    .object({
      folderId: z.number().int().positive().optional(),
      ...page,
      model: z.string().max(200).optional(),
    })
    .strict(),
  'review.acceptAll': z.object({ photoId }).strict(),
  'review.setTag': z.object({ photoId, tag: tagName, state: z.enum(['accepted', 'rejected']) }).strict(),
  'review.addTag': z.object({ photoId, tag: tagName }).strict(),
  'review.editCaption': z.object({ photoId, caption: z.string().max(5000) }).strict(),
  'review.useSuggestedCaption': z.object({ photoId }).strict(),
  'review.byTag': z.object({ tag: tagName, ...page }).strict(),
  /** Review by tag in one action: accept on these photos, reject on those. */
  'review.bulkTag': z
    .object({
      tag: tagName,
      accept: z.array(photoId).max(200_000),
      reject: z.array(photoId).max(200_000),
    })
    .strict(),
  /** Reverts the newest change, bulk ones as a whole. */
  'review.undo': none,
  'review.history': z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
  'vocabulary.list': none,
  /** Renames a tag, or merges it into an existing one; either way a rule for the model's future tags. */
  'vocabulary.rename': z.object({ from: tagName, to: tagName }).strict(),
  'vocabulary.delete': z.object({ tag: tagName }).strict(),
  'vocabulary.removeRule': z.object({ from: tagName }).strict(),
  /** XMP sidecars beside every copy of each photo; existing sidecars are merged. */
  'export.sidecars': z
    .object({ scope: exportScope, content: exportContent, naming: z.enum(['lightroom', 'digikam']) })
    .strict(),
  /** Writes into the originals themselves: only with confirmed: true; backs each file up unless told not to. */
  'export.embedded': z
    .object({ scope: exportScope, content: exportContent, backup: z.boolean(), confirmed: z.literal(true) })
    .strict(),
  'export.table': z
    .object({ scope: exportScope, content: exportContent, format: z.enum(['csv', 'json']) })
    .strict(),
  /** Any export as a background job: progress in export.progress events, cancellable, a summary at the end. */
  'export.start': z
    .object({
      kind: z.enum(['sidecars', 'embedded', 'csv', 'json']),
      scope: exportScope,
      content: exportContent,
      naming: z.enum(['lightroom', 'digikam']).optional(),
      backup: z.boolean().optional(),
      /** Required for 'embedded': it writes into the originals. */
      confirmed: z.literal(true).optional(),
      /** CSV and JSON: an absolute file path (the desktop's save dialog); else the data folder, for download. */
      destination: z.string().min(1).max(4096).optional(),
    })
    .strict(),
  'export.cancel': z.object({ id: z.number().int().positive() }).strict(),
  'export.jobs': none,
  'queue.status': none,
  'queue.pause': none,
  'queue.resume': none,
  'queue.retryFailed': none,
  /** Yes to the estimate: captions every photo waiting for approval (in one folder, or all). */
  'queue.approve': z.object({ folderId: z.number().int().positive().optional() }).strict(),
  'spend.estimate': z.object({ folderId: z.number().int().positive().optional() }).strict(),
  'spend.report': none,
  'spend.updateSettings': z
    .object({
      dailyUsd: usdLimit.optional(),
      monthlyUsd: usdLimit.optional(),
      totalUsd: usdLimit.optional(),
      autoAllowancePerDayUsd: z.number().min(0).max(10_000).optional(),
      priceOverrides: z
        .partialRecord(
          providerId,
          z
            .object({
              inputPerMTok: z.number().min(0),
              outputPerMTok: z.number().min(0),
              perImage: z.number().min(0),
            })
            .strict(),
        )
        .optional(),
    })
    .strict(),
  /** Every provider call as CSV (RFC 4180). */
  'spend.ledgerCsv': none,
  'settings.get': none,
  'settings.update': z
    .object({
      provider: providerId.nullable().optional(),
      baseUrl: z.string().max(2048).optional(),
      model: z.string().max(200).optional(),
      concurrency: z.number().int().min(1).max(32).optional(),
      uploadMaxPx: z.number().int().min(256).max(2048).optional(),
      uploadMetadata: z.boolean().optional(),
      promptWithExisting: z.boolean().optional(),
      captionLanguage: z.string().min(1).max(35).nullable().optional(),
      groupBursts: z.boolean().optional(),
      /** The current provider's fallback models, tried in order when its model is unavailable. */
      fallbackModels: z.array(z.string().trim().min(1).max(200)).max(8).optional(),
    })
    .strict(),
  /** Stores (or, with null, forgets) the key of a provider. Write-only: no method ever returns a key. */
  'settings.setKey': z.object({ provider: providerId, key: z.string().max(4096).nullable() }).strict(),
  /** What a bake-off would cost: sample photos (chosen, or `count` spread over time) × 2–4 models. */
  'bakeoff.estimate': bakeoffChoice,
  /** Runs a bake-off the user agreed to (confirmed: true): every call goes through the budget caps. */
  'bakeoff.start': bakeoffChoice.extend({ confirmed: z.literal(true) }).strict(),
  'bakeoff.results': z.object({ runId: z.number().int().positive() }).strict(),
  /** "Use this model": sets the provider's model for the library. */
  'bakeoff.useModel': z.object({ model: z.string().min(1).max(200) }).strict(),
  /** Asks the saved provider (free GET requests only) whether the key works and the model is served and takes images. */
  'settings.testConnection': none,
  /** The countries photos were taken in (named offline from their GPS), with how many photos each. */
  'places.list': none,
  /** Sends the photos waiting for a caption (up to `limit`) as one job to the provider's batch API (Mistral). */
  'batch.submit': z.object({ limit: z.number().int().min(1).max(50_000).optional() }).strict(),
  /** Every caption batch, newest first, with what it captioned, failed, gave back and was billed. */
  'batch.list': none,
  /** Asks the provider to stop a running batch; what it answered so far is stored and billed. */
  'batch.cancel': byId,
  /** Each model that wrote the catalogue's captions (the one that answered), with how many photos. */
  'review.models': none,
  /** Queues a fresh caption of every photo model X wrote; they wait for approval of the estimate first. */
  'queue.recaptionModel': z.object({ model: z.string().min(1).max(200) }).strict(),
} as const;

export type Method = keyof typeof argSchemas;
export type Args<M extends Method> = z.infer<(typeof argSchemas)[M]>;

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

export type Result<M extends Method> = Results[M];

/** What a transport serves: one async function per method. */
export type Api = { [M in Method]: (args: Args<M>) => Promise<Result<M>> };

export const methods = Object.keys(argSchemas) as Method[];

export function isMethod(name: string): name is Method {
  return Object.hasOwn(argSchemas, name);
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

export const eventNames: EventName[] = [
  'queue.status',
  'scan.progress',
  'folders.changed',
  'photos.changed',
  'export.progress',
];

/** An error a handler means the user to read (bad path, unknown id…), as opposed to a bug. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** How both transports carry an error: a message for the user, and whether it was the caller's fault. */
export interface WireError {
  error: { message: string; kind: 'invalid-argument' | 'user' | 'internal' };
}
