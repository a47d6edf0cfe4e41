// The zod schemas that check every method's arguments before a handler runs, so a handler can trust its
// input. Built from the contract's LIMITS and checked against its MethodArgs at compile time. Only the core
// and the HTTP server load this file at run time: the preload cannot load zod, and the renderer's CSP forbids
// what zod probes for (lint keeps other imports type-only).
import { z } from 'zod';
import { isCalendarDate } from './calendarDate';
import { LIMITS, type Method, type MethodArgs } from './contract';

// Text a person writes that Shoebox stores, shows and exports. Control characters have no place in it (XML
// cannot carry most of them, U+0002/U+0003 mark search highlights, a newline in a model name or key would
// split the request it goes into); an unpaired surrogate would be stored as U+FFFD, not as sent; and in a
// name, a direction override makes one name look like another.
/* eslint-disable no-control-regex -- finding control characters is the point */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/* eslint-enable no-control-regex */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const DIRECTION_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/u;
const NO_CONTROL = 'must not contain control characters (such as NUL, a newline or an escape)';
const WHOLE = 'must not contain a lone half of a surrogate pair (an invalid character)';
/** A tag, model id or key: one line of printable characters, shown as written (or first trimmed). */
const nameText = (max: number, trimmed = false) =>
  (trimmed ? z.string().trim() : z.string())
    .max(max)
    .refine((text) => !CONTROL.test(text), NO_CONTROL)
    .refine((text) => !LONE_SURROGATE.test(text), WHOLE)
    .refine(
      (text) => !DIRECTION_OVERRIDE.test(text),
      'must not contain characters that override the direction of text (U+202A–U+202E, U+2066–U+2069)',
    );
/** A caption: lines and tabs allowed, other control characters not. */
const proseText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !CONTROL_BUT_LINES.test(text), NO_CONTROL)
    .refine((text) => !LONE_SURROGATE.test(text), WHOLE);

const providerId = z.enum(['openrouter', 'vercel', 'mistral', 'custom']);
const isoDate = z.string().refine(isCalendarDate, 'expected a day of the calendar as YYYY-MM-DD');
const none = z.object({}).strict();
const id = z.number().int().positive();
const byId = z.object({ id }).strict();
const byFolder = z.object({ folderId: id.optional() }).strict();
const usdLimit = z.number().min(0).max(LIMITS.usdLimit).nullable();
const photoId = id;
// A tag or model that already exists is named as stored (a photo's old keywords, a model's answer may hold
// anything); only a name being made is held to nameText, so nothing stored becomes impossible to act on.
const tagName = z.string().min(1).max(LIMITS.tagChars);
const newTagName = nameText(LIMITS.tagChars).min(1);
const tagFilter = z.string().max(LIMITS.tagChars).optional();
const modelName = z.string().min(1).max(LIMITS.modelChars);
const newModelName = nameText(LIMITS.modelChars).min(1);
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
    models: z.array(newModelName).min(bakeoffModels.min).max(bakeoffModels.max),
  })
  .strict();
const price = z
  .object({
    inputPerMTok: z.number().min(0).max(LIMITS.priceUsd),
    outputPerMTok: z.number().min(0).max(LIMITS.priceUsd),
    perImage: z.number().min(0).max(LIMITS.priceUsd),
  })
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
  'review.addTag': z.object({ photoId, tag: newTagName }).strict(),
  'review.editCaption': z.object({ photoId, caption: proseText(LIMITS.captionChars) }).strict(),
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
  'vocabulary.rename': z.object({ from: tagName, to: newTagName }).strict(),
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
      model: nameText(LIMITS.modelChars).optional(),
      concurrency: z.number().int().min(LIMITS.concurrency.min).max(LIMITS.concurrency.max).optional(),
      uploadMaxPx: z.number().int().min(LIMITS.uploadMaxPx.min).max(LIMITS.uploadMaxPx.max).optional(),
      uploadMetadata: z.boolean().optional(),
      promptWithExisting: z.boolean().optional(),
      captionLanguage: z.string().min(1).max(LIMITS.languageTagChars).nullable().optional(),
      groupBursts: z.boolean().optional(),
      fallbackModels: z.array(nameText(LIMITS.modelChars, true).min(1)).max(LIMITS.fallbackModels).optional(),
    })
    .strict(),
  'settings.setKey': z
    .object({ provider: providerId, key: nameText(LIMITS.keyChars, true).nullable() })
    .strict(),
  'bakeoff.estimate': bakeoffChoice,
  'bakeoff.start': bakeoffChoice.extend({ confirmed: z.literal(true) }).strict(),
  'bakeoff.results': z.object({ runId: id }).strict(),
  'bakeoff.useModel': z.object({ model: newModelName }).strict(),
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
