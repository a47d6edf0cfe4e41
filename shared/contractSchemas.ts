// The zod schemas that check every method's arguments before a handler runs, so a handler can trust its
// input. Built from the contract's LIMITS and checked against its MethodArgs at compile time. Only the core
// and the HTTP server load this file at run time: the preload cannot load zod, and the renderer's CSP forbids
// what zod probes for (lint keeps other imports type-only).
import { z } from 'zod';
import { isCalendarDate } from './calendarDate';
import { LIMITS, type Method, type MethodArgs } from './contract';

const providerId = z.enum(['openrouter', 'vercel', 'mistral', 'custom']);
const isoDate = z.string().refine(isCalendarDate, 'expected a day of the calendar as YYYY-MM-DD');
const none = z.object({}).strict();
const id = z.number().int().positive();
const byId = z.object({ id }).strict();
const byFolder = z.object({ folderId: id.optional() }).strict();
const usdLimit = z.number().min(0).max(LIMITS.usdLimit).nullable();
const photoId = id;
const tagName = z.string().min(1).max(LIMITS.tagChars);
const tagFilter = z.string().max(LIMITS.tagChars).optional();
const modelName = z.string().min(1).max(LIMITS.modelChars);
const searchText = z.string().max(LIMITS.searchTextChars);
const pageLimit = z.number().int().min(1).max(LIMITS.pageSize).optional();
const page = { offset: z.number().int().min(0).optional(), limit: pageLimit };
const exportScope = z
  .object({
    folderId: id.optional(),
    search: z
      .object({
        text: searchText,
        takenFrom: isoDate.optional(),
        takenTo: isoDate.optional(),
        tag: tagFilter,
      })
      .strict()
      .optional(),
  })
  .strict();
const exportContent = z.enum(['accepted', 'suggestions']);
const { bakeoffSamples, bakeoffModels } = LIMITS;
const bakeoffChoice = z
  .object({
    photoIds: z.array(photoId).max(bakeoffSamples.max).optional(),
    count: z.number().int().min(bakeoffSamples.min).max(bakeoffSamples.max).optional(),
    models: z.array(modelName).min(bakeoffModels.min).max(bakeoffModels.max),
  })
  .strict();
const price = z
  .object({ inputPerMTok: z.number().min(0), outputPerMTok: z.number().min(0), perImage: z.number().min(0) })
  .strict();

/** One schema per method; each method's meaning is documented on MethodArgs in contract.ts. */
export const argSchemas = {
  'app.info': none,
  'folders.list': none,
  'folders.add': z.object({ path: z.string().min(1).max(LIMITS.folderPathChars) }).strict(),
  'folders.remove': byId,
  'folders.rescan': byId,
  'folders.setLocalOnly': z.object({ id, localOnly: z.boolean() }).strict(),
  'folders.pick': none,
  'folders.stopScan': byId,
  'folders.continueScan': byId,
  'photos.search': z
    .object({
      text: searchText,
      folderId: id.optional(),
      takenFrom: isoDate.optional(),
      takenTo: isoDate.optional(),
      tag: tagFilter,
      ...page,
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
  'photos.unreadable': byFolder,
  'photos.showInFolder': byId,
  'tags.list': z.object({ limit: z.number().int().min(1).max(LIMITS.tagsListed).optional() }).strict(),
  'photos.recaption': byId,
  'photos.captionSeparately': byId,
  'review.queue': z
    .object({ folderId: id.optional(), ...page, model: z.string().max(LIMITS.modelChars).optional() })
    .strict(),
  'review.acceptAll': z.object({ photoId }).strict(),
  'review.setTag': z.object({ photoId, tag: tagName, state: z.enum(['accepted', 'rejected']) }).strict(),
  'review.addTag': z.object({ photoId, tag: tagName }).strict(),
  'review.editCaption': z.object({ photoId, caption: z.string().max(LIMITS.captionChars) }).strict(),
  'review.useSuggestedCaption': z.object({ photoId }).strict(),
  'review.byTag': z.object({ tag: tagName, ...page }).strict(),
  'review.bulkTag': z
    .object({
      tag: tagName,
      accept: z.array(photoId).max(LIMITS.photosInBulkTag),
      reject: z.array(photoId).max(LIMITS.photosInBulkTag),
    })
    .strict(),
  'review.undo': none,
  'review.history': z.object({ limit: pageLimit }).strict(),
  'vocabulary.list': none,
  'vocabulary.rename': z.object({ from: tagName, to: tagName }).strict(),
  'vocabulary.delete': z.object({ tag: tagName }).strict(),
  'vocabulary.removeRule': z.object({ from: tagName }).strict(),
  'export.sidecars': z
    .object({ scope: exportScope, content: exportContent, naming: z.enum(['lightroom', 'digikam']) })
    .strict(),
  'export.embedded': z
    .object({ scope: exportScope, content: exportContent, backup: z.boolean(), confirmed: z.literal(true) })
    .strict(),
  'export.table': z
    .object({ scope: exportScope, content: exportContent, format: z.enum(['csv', 'json']) })
    .strict(),
  'export.start': z
    .object({
      kind: z.enum(['sidecars', 'embedded', 'csv', 'json']),
      scope: exportScope,
      content: exportContent,
      naming: z.enum(['lightroom', 'digikam']).optional(),
      backup: z.boolean().optional(),
      confirmed: z.literal(true).optional(),
      destination: z.string().min(1).max(LIMITS.folderPathChars).optional(),
    })
    .strict(),
  'export.cancel': z.object({ id: z.number().int().positive() }).strict(),
  'export.jobs': none,
  'queue.status': none,
  'queue.pause': none,
  'queue.resume': none,
  'queue.retryFailed': none,
  'queue.approve': byFolder,
  'spend.estimate': byFolder,
  'spend.report': none,
  'spend.updateSettings': z
    .object({
      dailyUsd: usdLimit.optional(),
      monthlyUsd: usdLimit.optional(),
      totalUsd: usdLimit.optional(),
      autoAllowancePerDayUsd: z.number().min(0).max(LIMITS.autoAllowancePerDayUsd).optional(),
      priceOverrides: z.partialRecord(providerId, price).optional(),
    })
    .strict(),
  'spend.ledgerCsv': none,
  'settings.get': none,
  'settings.update': z
    .object({
      provider: providerId.nullable().optional(),
      baseUrl: z.string().max(LIMITS.baseUrlChars).optional(),
      model: z.string().max(LIMITS.modelChars).optional(),
      concurrency: z.number().int().min(LIMITS.concurrency.min).max(LIMITS.concurrency.max).optional(),
      uploadMaxPx: z.number().int().min(LIMITS.uploadMaxPx.min).max(LIMITS.uploadMaxPx.max).optional(),
      uploadMetadata: z.boolean().optional(),
      promptWithExisting: z.boolean().optional(),
      captionLanguage: z.string().min(1).max(LIMITS.languageTagChars).nullable().optional(),
      groupBursts: z.boolean().optional(),
      fallbackModels: z
        .array(z.string().trim().min(1).max(LIMITS.modelChars))
        .max(LIMITS.fallbackModels)
        .optional(),
    })
    .strict(),
  'settings.setKey': z
    .object({ provider: providerId, key: z.string().max(LIMITS.keyChars).nullable() })
    .strict(),
  'bakeoff.estimate': bakeoffChoice,
  'bakeoff.start': bakeoffChoice.extend({ confirmed: z.literal(true) }).strict(),
  'bakeoff.results': z.object({ runId: id }).strict(),
  'bakeoff.useModel': z.object({ model: modelName }).strict(),
  'settings.testConnection': none,
  'places.list': none,
  'batch.submit': z.object({ limit: z.number().int().min(1).max(LIMITS.photosInBatch).optional() }).strict(),
  'batch.list': none,
  'batch.cancel': byId,
  'review.models': none,
  'queue.recaptionModel': z.object({ model: modelName }).strict(),
} as const satisfies { [M in Method]: z.ZodType };

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type SchemaDisagrees = {
  [M in Method]: Same<z.infer<(typeof argSchemas)[M]>, MethodArgs[M]> extends true ? never : M;
}[Method];
/** Compile error here names each method whose schema checks a shape other than the contract's type. */
export const schemasMatchContract: [SchemaDisagrees] extends [never] ? true : SchemaDisagrees = true;
