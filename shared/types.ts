// Domain types shared by the core, both transports and the renderer. Plain data only: everything here
// crosses IPC or HTTP as JSON.

export type ProviderId = 'openrouter' | 'vercel' | 'mistral' | 'custom';

export interface Folder {
  id: number;
  path: string;
  addedAt: string;
  /** Photos with at least one readable file in this folder. */
  photoCount: number;
  /** Files that could not be read as images, each with a reason (see `photos.unreadable`). */
  unreadableCount: number;
  /** 'stopped': the user stopped its scan (or declined a huge tree); not watched until a rescan. */
  state: 'scanning' | 'watching' | 'missing' | 'error' | 'stopped';
  error: string | null;
  /** Never sent to a cloud provider: only a local (custom) server may caption these photos. */
  localOnly: boolean;
  /** Something the user should know that is not an error: a full data disk, unreadable subfolders, a huge tree. */
  warning?: string | null;
  /** Subfolders the last scan could not list (permissions, I/O errors). */
  unreadableFolders?: string[];
  /** Set while a tree far larger than a photo library waits for the user: folders.continueScan or folders.stopScan. */
  largeTree?: { entries: number; folders: number } | null;
  /** True while a scan of a folder already catalogued only checks for changes (after a restart, a rescan). */
  checking?: boolean;
}

/** Where a photo's caption stands. */
export type CaptionStatus = 'queued' | 'running' | 'done' | 'failed' | 'refused';

export interface PhotoSummary {
  id: number;
  /** sha256 of the file's bytes, hex: a photo's identity. */
  hash: string;
  fileName: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  caption: string | null;
  /**
   * The caption with matched words wrapped in HIGHLIGHT_START / HIGHLIGHT_END (control characters, so the
   * renderer can split on them without ever treating text as HTML). Null when there was no text query.
   */
  captionHighlighted: string | null;
  status: CaptionStatus;
}

export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_END = '\u0003';

export interface PhotoLocation {
  path: string;
  folderId: number;
  size: number;
  mtimeMs: number;
}

export interface PhotoMetadata {
  format: string | null;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  gpsLatitude: number | null;
  gpsLongitude: number | null;
  orientation: number | null;
}

export interface CaptionUsage {
  model: string;
  promptVersion: number;
  provider: ProviderId;
  inputTokens: number | null;
  outputTokens: number | null;
  /** USD, when the provider reports it (OpenRouter, Vercel). */
  reportedCost: number | null;
  captionedAt: string;
}

export interface PhotoDetail extends PhotoSummary {
  /** Tags that count (not rejected), the model's most important first and the user's own after. */
  tags: string[];
  /** Every tag with its state and provenance, rejected ones included. */
  tagEntries: TagEntry[];
  /** The caption's state and provenance, or null when there is no caption. */
  captionEntry: CaptionEntry | null;
  /** A newer model caption kept aside because the caption is the user's. */
  captionSuggestion: string | null;
  metadata: PhotoMetadata;
  locations: PhotoLocation[];
  /** The place named from the photo's GPS position; null without GPS, at sea, or not looked up yet. */
  place?: PlaceName | null | undefined;
  usage: CaptionUsage | null;
  /** Why captioning failed or was refused, for the user. */
  error: string | null;
  attempts: number;
  /** Set when the photo takes (or took) its words from another photo of the same burst or a near-copy. */
  burst?: BurstMembership | null;
}

export interface BurstMembership {
  leaderId: number;
  /** "from IMG_1234 (same burst)". */
  label: string;
  /** 'waiting' until the leader is captioned, then 'copied'. */
  state: 'waiting' | 'copied';
}

/** Where a photo was taken, named offline from its GPS position (GeoNames towns, country by borders). */
export interface PlaceName {
  /** Null far from any town: then only the region or the country is known. */
  city: string | null;
  region: string | null;
  country: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export interface PlaceCount {
  countryCode: string;
  country: string;
  count: number;
}

export interface UnreadableFile {
  path: string;
  folderId: number;
  reason: string;
}

export interface SearchQuery {
  text: string;
  folderId?: number | undefined;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  takenFrom?: string | undefined;
  takenTo?: string | undefined;
  tag?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  /** Only the words as typed: no related words, no typo correction. */
  exact?: boolean | undefined;
  /** False: a date phrase ("july 2019") is searched as words, not read as a date filter. Default true. */
  readDates?: boolean | undefined;
  /** Also list, after the photos that match well, those that match only some words. */
  weaker?: boolean | undefined;
  /** Only photos whose GPS names this country (ISO 3166-1 alpha-2). */
  country?: string | undefined;
}

/** A date filter read from the query's words, shown as a removable chip. Dates are ISO, inclusive. */
export interface DateFilter {
  label: string;
  from?: string | undefined;
  to?: string | undefined;
  /** Every year between these days (MM-DD, inclusive; may wrap over the new year): "christmas", "summer". */
  everyYearFrom?: string | undefined;
  everyYearTo?: string | undefined;
}

/** One typed word and the words searched besides it. */
export interface AlsoSearched {
  word: string;
  also: string[];
  /** The catalogue's word that a typo was taken for ("beech" → "beach"). */
  corrected?: string | undefined;
}

/** How a text search read the query and where its relevance cut fell. */
export interface SearchUnderstanding {
  /** Photos that match every word (itself or a related word); they come first. */
  strongTotal: number;
  /** Photos that match only some words; listed after the strong ones when the query asks for `weaker`. */
  weakerTotal: number;
  /** Counting stopped at a cap: there are at least this many. */
  countsAreAtLeast: boolean;
  /** True when nothing matched every word, so the page shows the weaker matches. */
  showingWeaker: boolean;
  also: AlsoSearched[];
  dateFilter: DateFilter | null;
  /** Photos listed because their caption is close in meaning to the query, though they match no word. */
  byMeaning?: number | undefined;
}

export interface SearchPage {
  total: number;
  offset: number;
  items: PhotoSummary[];
  /** Text searches only. */
  understood?: SearchUnderstanding | undefined;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface QueueStatus {
  paused: boolean;
  /** Why nothing is being sent right now (no provider, paused by the user, offline…), or null. */
  blockedReason: string | null;
  queued: number;
  running: number;
  done: number;
  failed: number;
  refused: number;
  /** True while requests fail for network reasons and are being retried. */
  offline: boolean;
  /** Photos whose caption waits for the user to approve an estimate (or for tomorrow's allowance). */
  awaitingApproval: number;
  /** Photos that only a local server may caption (their folders are local-only) while a cloud provider is set. */
  waitingForLocal: number;
  /** The budget cap that paused the queue, or null. */
  budgetCap: 'daily' | 'monthly' | 'total' | null;
  /**
   * Increases with every snapshot the core takes, so a window that gets one from a method's reply and others
   * from events keeps the newest (a reply can arrive after the event that followed it).
   */
  revision?: number;
  /** Captions finished per minute lately; absent until a few are done. */
  photosPerMinute?: number;
}

/** A caption batch sent to the provider's batch API (Mistral), from submission to its settled bill. */
export interface BatchInfo {
  id: number;
  provider: ProviderId;
  model: string;
  state: 'submitting' | 'running' | 'done' | 'cancelled' | 'expired' | 'failed';
  photos: number;
  captioned: number;
  /** Photos the batch answered with an error or an unusable reply: failed, with the reason. */
  failed: number;
  /** Photos the batch never answered (cancelled, expired): back in the queue, waiting for approval. */
  returned: number;
  /** The worst case held against the caps while the batch runs. */
  reservedUsd: number;
  /** What the provider charged, once the results are in. */
  billedUsd: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** While it runs: when the provider has its results at the latest (its job timeout); null once it ended. */
  expectedBy?: string | null;
}

export interface ScanProgress {
  folderId: number;
  phase: 'scanning' | 'done';
  filesSeen: number;
  filesIngested: number;
  filesUnreadable: number;
  /** True when the folder was catalogued before: the scan checks for changes rather than reading every file. */
  checking?: boolean;
  /** Files the scan expects to meet (from the catalogue or a first count of the tree); null when unknown. */
  filesExpected?: number | null;
  /** Files done per second over the last few seconds. */
  filesPerSecond?: number;
  /** Seconds until the scan is through at that rate; null when unknown. */
  secondsLeft?: number | null;
}

export interface ProviderSettings {
  provider: ProviderId | null;
  /** Only used by the custom provider; presets have fixed URLs. */
  baseUrl: string;
  model: string;
  /** True when a key is available (from the environment or stored); the key itself never leaves the core. */
  hasKey: boolean;
  keySource: 'environment' | 'stored' | null;
  /** True when SHOEBOX_PROVIDER and friends decide the provider; the settings page shows it read-only. */
  fromEnvironment: boolean;
}

export interface Settings extends ProviderSettings {
  concurrency: number;
  /** Long side, in pixels, of the image sent to the provider. */
  uploadMaxPx: number;
  /** Send the photo's EXIF (camera, date, GPS) along with it. Off unless the user opts in. */
  uploadMetadata: boolean;
  /** Tell the model the caption and keywords the user already gave a photo (imported or written). Off by default. */
  promptWithExisting: boolean;
  /** BCP 47 tag ("en-GB", "fr", "ja") of the language captions and tags are asked for. */
  captionLanguage: string;
  /** False while captionLanguage simply follows the system's language. */
  captionLanguageChosen: boolean;
  /** The system's language, the default. */
  systemLanguage: string;
  /** Caption one photo of each burst or near-copy and offer its words to the others. On by default. */
  groupBursts: boolean;
  /** The current provider's fallback models, in the order they are tried (empty: none). */
  fallbackModels: string[];
}

export interface SettingsUpdate {
  provider?: ProviderId | null | undefined;
  baseUrl?: string | undefined;
  model?: string | undefined;
  concurrency?: number | undefined;
  uploadMaxPx?: number | undefined;
  uploadMetadata?: boolean | undefined;
  promptWithExisting?: boolean | undefined;
  /** A BCP 47 language tag; null follows the system's language again. */
  captionLanguage?: string | null | undefined;
  groupBursts?: boolean | undefined;
  fallbackModels?: string[] | undefined;
}

/** What "Test connection" found, in the order it checks: set up, reachable, key, model, images. */
export type ConnectionState =
  'ok' | 'not-set-up' | 'unreachable' | 'bad-key' | 'model-not-offered' | 'text-only';

export interface ConnectionTest {
  state: ConnectionState;
  /** The words to show, e.g. "Key OK · mistralai/pixtral-12b is available · about $0.25 per 1,000 photos at 512 px". */
  message: string;
  provider: ProviderId | null;
  model: string | null;
  /** The provider's current vision models, offered when the chosen one is not served or takes no images. */
  alternatives: string[];
  /** USD to caption 1,000 typical photos at the current upload size; null when it could not be worked out. */
  usdPer1000Photos: number | null;
  /** 'provider' when the price came from the provider's own model list, 'table' from Shoebox's dated table. */
  priceSource: 'provider' | 'table' | null;
  uploadMaxPx: number;
}

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'browser';
  dataDir: string;
  canPickFolder: boolean;
  canShowInFolder: boolean;
}

export interface SpendSettings {
  /** USD limits; null means none. The queue pauses before a call that could pass one. */
  dailyUsd: number | null;
  monthlyUsd: number | null;
  totalUsd: number | null;
  /** New photos arriving in watched folders are captioned without asking up to this much a day. */
  autoAllowancePerDayUsd: number;
  /** The user's own prices where the dated table in code is out of date (USD per million tokens / per image). */
  priceOverrides: Partial<
    Record<ProviderId, { inputPerMTok: number; outputPerMTok: number; perImage: number }>
  >;
}

export interface SpendEstimate {
  photos: number;
  /** USD for all of them at the current upload size and provider prices. */
  costUsd: number;
  perPhotoUsd: number;
  provider: ProviderId | null;
  providerLabel: string | null;
  model: string | null;
  /** Photos of bursts and near-copies that get another photo's caption instead of a call of their own. */
  groupedPhotos?: number;
  /** USD those photos would have cost. */
  groupedSavingsUsd?: number;
  /** The provider's batch route for this backlog, when it has one and it is cheaper; else absent. */
  batch?: BatchOffer | null;
}

export interface ModelCount {
  model: string;
  photos: number;
}

export interface BatchOffer {
  costUsd: number;
  savingUsd: number;
  /** The model the batch uses (Pixtral is not served by Mistral's batch API). */
  model: string;
  /** How long the provider may take, in words: "24 h". */
  resultsWithin: string;
}

export interface ProviderBalance {
  provider: ProviderId;
  /** USD left, or null when the account has no limit. */
  remainingUsd: number | null;
  usedUsd: number | null;
  /** Set when the balance could not be read; the Spend page shows it instead of a number. */
  error: string | null;
}

/** One model's answer for one sample photo in a bake-off. */
export interface BakeoffResult {
  photoId: number;
  /** The photo's content hash, for its thumbnail. */
  hash: string;
  fileName: string;
  model: string;
  caption: string | null;
  tags: string[];
  latencyMs: number | null;
  costUsd: number | null;
  /** Why this model gave no caption for this photo (a cap reached, a refusal, a bad reply). */
  error: string | null;
}

/** Where a model's price comes from: the provider's own model list, the user's price, or Shoebox's table. */
export type ModelPriceSource = 'provider' | 'override' | 'table';

export interface BakeoffEstimate {
  photoIds: number[];
  models: string[];
  /** What each model would cost for all the samples, at that model's own price. */
  perModel: Array<{
    model: string;
    costUsd: number;
    price?: { inputPerMTok: number; outputPerMTok: number; perImage: number };
    priceSource?: ModelPriceSource;
  }>;
  totalUsd: number;
  providerLabel: string | null;
}

export interface BakeoffRun {
  runId: number;
  photoIds: number[];
  models: string[];
  /** Calls answered so far, of photos × models. */
  done: number;
  total: number;
  finished: boolean;
  results: BakeoffResult[];
  /** Why the run stopped early (a budget cap, no provider), or null. */
  stoppedBecause: string | null;
}

export interface SpendReport {
  today: number;
  month: number;
  total: number;
  averagePerPhoto: number | null;
  /** Mean of |estimated − actual| / actual over captioned calls. */
  estimateError: number | null;
  byProviderModel: Array<{
    provider: string;
    model: string;
    calls: number;
    billedCalls: number;
    cost: number;
    photos: number;
  }>;
  daily: Array<{ day: string; cost: number }>;
  balance: ProviderBalance | null;
  settings: SpendSettings;
  pricesAsOf: string;
  prices: Record<ProviderId, { inputPerMTok: number; outputPerMTok: number; perImage: number }>;
}

/**
 * Where a caption or a tag stands. 'suggested' came from a model and nobody has looked at it yet;
 * 'accepted' is a suggestion the user agreed with; 'rejected' is one they turned down (kept, so the model's
 * next answer does not bring it back); 'user' was written by the user or imported from the photo's own
 * metadata. Only 'suggested' may ever be replaced by a model.
 */
export type ReviewState = 'suggested' | 'accepted' | 'rejected' | 'user';

/** Who wrote it: a model, the user in Shoebox, or the photo's existing metadata (counted as the user's). */
export type ContentOrigin = 'model' | 'user' | 'import';

export interface Provenance {
  origin: ContentOrigin;
  /** The model's id for 'model'; where it was read for 'import' ("XMP sidecar", "IPTC"…); null for 'user'. */
  detail: string | null;
  /** The prompt version the model answered, for 'model'. */
  promptVersion: number | null;
  /** When the text or its state last changed (ISO). */
  updatedAt: string;
}

export interface TagEntry extends Provenance {
  tag: string;
  state: ReviewState;
}

export interface CaptionEntry extends Provenance {
  text: string;
  state: ReviewState;
}

/** One photo as CSV and JSON exports describe it. */
export interface ExportRecord {
  /** The photo's first readable location; every other copy is in otherPaths. */
  path: string;
  otherPaths: string[];
  hash: string;
  caption: CaptionEntry | null;
  tags: TagEntry[];
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  gpsLatitude: number | null;
  gpsLongitude: number | null;
  /** USD spent captioning this photo, summed over the ledger (reported cost where known). */
  costUsd: number;
}

/** What an undoable action did, in words ("Accepted ‘beach’ on 312 photos"). */
export interface EditOutcome {
  label: string;
}

export interface EditRecord {
  id: number;
  at: string;
  label: string;
  undone: boolean;
}

export interface TaggedPhoto extends PhotoSummary {
  tagState: ReviewState;
}

/** Review by tag: every photo carrying one tag, unreviewed ones first. */
export interface TaggedPage {
  tag: string;
  total: number;
  suggested: number;
  offset: number;
  items: TaggedPhoto[];
}

export interface VocabularyEntry {
  tag: string;
  /** Photos that carry it (not counting rejections). */
  photos: number;
  suggested: number;
  accepted: number;
  user: number;
  rejected: number;
}

/** A vocabulary rule: the model's `from` becomes `to`, or is dropped when `to` is null. */
export interface TagRule {
  from: string;
  to: string | null;
  createdAt: string;
}

export interface Vocabulary {
  tags: VocabularyEntry[];
  rules: TagRule[];
}

/** Which photos an export covers: one folder, a search's results, or (neither) the whole catalogue. */
export interface ExportScope {
  folderId?: number | undefined;
  search?: Pick<SearchQuery, 'text' | 'takenFrom' | 'takenTo' | 'tag'> | undefined;
}

/** Accepted only: captions and tags the user accepted or wrote. Suggestions too: everything not rejected. */
export type ExportContent = 'accepted' | 'suggestions';

export interface ExportFailure {
  path: string;
  reason: string;
}

export interface ExportOutcome {
  /** Files written (sidecars, or originals with embedded metadata). */
  written: number;
  /** Photos with nothing to export under the chosen content. */
  skipped: number;
  failed: ExportFailure[];
  /** A few of the written paths, to show the user where they went. */
  examples: string[];
  /** Embedded export: where the untouched copies were kept, or null without backups. */
  backupDir: string | null;
}

export interface TableExport {
  fileName: string;
  mimeType: string;
  content: string;
  photos: number;
}

/** What a background export job does: sidecars, into the originals, or a table file. */
export type ExportJobKind = 'sidecars' | 'embedded' | 'csv' | 'json';

/** A background export: progress while it runs, a summary (or its file) at the end. */
export interface ExportJob {
  id: number;
  kind: ExportJobKind;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  photosDone: number;
  /** Photos in the export's scope; null until counted. */
  photosTotal: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** Sidecars and embedded: what was written, skipped and failed (so far, once cancelled). */
  outcome: ExportOutcome | null;
  /** CSV and JSON, once done: the file written (browser mode downloads it from `GET /api/exports/<id>/file`). */
  file: { path: string; fileName: string; mimeType: string; photos: number } | null;
  error: string | null;
}
