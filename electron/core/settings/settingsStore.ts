import type { Database } from 'better-sqlite3';
import { LIMITS, UserError } from '../../../shared/contract';
import { PROVIDERS, PROVIDER_IDS } from '../../../shared/providers';
import type { ProviderId, Settings, SettingsUpdate } from '../../../shared/types';
import { baseUrlProblem } from './baseUrl';
import { decodeBoundKey, encodeBoundKey, originOf } from './boundKey';
import { parseCaptionLanguage, systemLanguage } from './captionLanguage';
import type { KeyStore } from './keyStore';
import { readSetting, writeSettings } from '../stores/settingsTable';

export interface ResolvedProvider {
  provider: ProviderId;
  baseUrl: string;
  model: string;
  apiKey: string | null;
  cloud: boolean;
  /** BCP 47 tag of the language captions and tags are asked for (and cleaned for); English when absent. */
  captionLanguage?: string;
  /** The catalogue's most used accepted and user tags, offered to the model as preferred words. */
  preferredWords?: readonly string[];
  /** Models to try, in order, when `model` is unavailable (the gateways route them themselves). */
  fallbacks?: readonly string[];
}

export interface SettingsStoreDeps {
  env: Record<string, string | undefined>;
  keyStore: KeyStore;
  /** The language the platform reports (Electron's app.getLocale()); the environment's locale otherwise. */
  systemLocale?: string | null | undefined;
  /** The catalogue's preferred tag words (cached by their owner), added to what the caption client gets. */
  preferredWords?: (() => readonly string[]) | undefined;
}

/** Parallel requests before any provider is chosen; each preset brings its own (shared/providers.ts). */
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_UPLOAD_MAX_PX = 1024;

type StoredKey =
  | 'provider'
  | 'baseUrl'
  | 'model'
  | 'concurrency'
  | 'uploadMaxPx'
  | 'uploadMetadata'
  | 'promptWithExisting'
  | 'captionLanguage'
  | 'groupBursts'
  | `fallbackModels.${ProviderId}`;

const MAX_FALLBACKS = LIMITS.fallbackModels;
const { concurrency: CONCURRENCY, uploadMaxPx: UPLOAD_PX } = LIMITS;

function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Provider choice and queue tuning, stored in the `settings` table. The environment wins over stored values
 * (SHOEBOX_PROVIDER / SHOEBOX_BASE_URL / SHOEBOX_MODEL and the preset's key variable) so a server started
 * from a shell is configured without touching the UI. Keys stay inside the core: get() only says whether
 * one is set and where it comes from.
 */
export function createSettingsStore(
  db: Database,
  { env, keyStore, systemLocale, preferredWords = () => [] }: SettingsStoreDeps,
) {
  const systemLanguageTag = systemLanguage(env, systemLocale);

  /**
   * Keys stored before keys were bound to an origin belong to the server they were entered for: the preset's
   * own (or the operator's SHOEBOX_BASE_URL), or the custom server then configured. A base URL set through
   * the API alone never adopts a preset's key.
   */
  function bindLegacyKeys(): void {
    for (const provider of PROVIDER_IDS) {
      const stored = keyStore.get(provider);
      if (stored === null || decodeBoundKey(stored).origin !== null) continue;
      const envUrl = nonEmpty(env.SHOEBOX_BASE_URL);
      const current = currentProvider().provider === provider;
      const url =
        provider === 'custom'
          ? current
            ? baseUrlOf(provider)
            : null
          : current && envUrl
            ? envUrl
            : PROVIDERS[provider].baseUrl;
      const origin = originOf(url);
      try {
        keyStore.set(provider, origin ? encodeBoundKey({ key: stored, origin }) : null);
      } catch {
        // A key store that cannot write now keeps the old entry; it stays unused until bound.
      }
    }
  }

  // Read once per key and then kept: the caption queue resolves the provider for every request (a dozen
  // look-ups each), which at 16 requests at once was a fifth of the main thread's work per caption. This store
  // is the only writer of its keys, so the copy cannot go stale.
  const values = new Map<StoredKey, string | undefined>();

  function read(key: StoredKey): string | undefined {
    if (!values.has(key)) values.set(key, readSetting(db, key));
    return values.get(key);
  }

  function write(update: Partial<Record<StoredKey, string | null>>): void {
    writeSettings(db, update);
    for (const [key, value] of Object.entries(update) as Array<[StoredKey, string | null | undefined]>)
      values.set(key, value ?? undefined);
  }

  /** A stored positive whole number, else the fallback (a function when working it out costs a look-up). */
  function readInt(key: StoredKey, fallback: number | (() => number)): number {
    const value = Number(read(key));
    if (Number.isInteger(value) && value > 0) return value;
    return typeof fallback === 'function' ? fallback() : fallback;
  }

  /** The provider named by the environment, the stored one, or null; `invalid` holds a bad env value. */
  function currentProvider(): {
    provider: ProviderId | null;
    fromEnvironment: boolean;
    invalid: string | null;
  } {
    const fromEnv = nonEmpty(env.SHOEBOX_PROVIDER)?.toLowerCase();
    if (fromEnv !== undefined) {
      return isProviderId(fromEnv)
        ? { provider: fromEnv, fromEnvironment: true, invalid: null }
        : { provider: null, fromEnvironment: true, invalid: fromEnv };
    }
    const stored = read('provider');
    return {
      provider: stored !== undefined && isProviderId(stored) ? stored : null,
      fromEnvironment: false,
      invalid: null,
    };
  }

  /**
   * The key to send to this provider's current base URL, if one belongs there. A key from the environment
   * belongs to SHOEBOX_BASE_URL or, without it, to the preset's own server; a stored key to the origin it
   * was entered for. `elsewhere` names the origin of a key that exists but belongs to another server.
   */
  function keyFor(provider: ProviderId): {
    key: string | null;
    source: 'environment' | 'stored' | null;
    elsewhere: string | null;
  } {
    const target = originOf(baseUrlOf(provider));
    const keyEnv = PROVIDERS[provider].keyEnv;
    const fromEnv = keyEnv ? nonEmpty(env[keyEnv]) : undefined;
    const home = originOf(nonEmpty(env.SHOEBOX_BASE_URL) ?? PROVIDERS[provider].baseUrl);
    if (fromEnv && home !== null && home === target) {
      return { key: fromEnv, source: 'environment', elsewhere: null };
    }
    const stored = keyStore.get(provider);
    const bound = stored === null ? null : decodeBoundKey(stored);
    if (bound?.key && bound.origin !== null && bound.origin === target) {
      return { key: bound.key, source: 'stored', elsewhere: null };
    }
    const elsewhere = bound?.key && bound.origin ? bound.origin : fromEnv ? home : null;
    return { key: null, source: null, elsewhere };
  }

  /** The current provider's server: the environment's, the stored one, or the preset's. */
  function baseUrlOf(provider: ProviderId | null): string {
    if (provider === null) return '';
    const override =
      provider === currentProvider().provider
        ? (nonEmpty(env.SHOEBOX_BASE_URL) ?? nonEmpty(read('baseUrl')))
        : undefined;
    return override ?? PROVIDERS[provider].baseUrl ?? '';
  }

  /** Each provider keeps its own list: model names differ from one gateway to the next. */
  function fallbacksOf(provider: ProviderId | null): string[] {
    if (provider === null) return [];
    try {
      const stored = JSON.parse(read(`fallbackModels.${provider}`) ?? '[]') as unknown;
      return Array.isArray(stored)
        ? stored.filter((m): m is string => typeof m === 'string' && m !== '')
        : [];
    } catch {
      return [];
    }
  }

  function modelOf(provider: ProviderId | null): string {
    const override = nonEmpty(env.SHOEBOX_MODEL) ?? nonEmpty(read('model'));
    return override ?? (provider ? PROVIDERS[provider].model : '');
  }

  /** The current preset's start, as its published limits allow, until the user picks a number. */
  function defaultConcurrency(): number {
    const { provider } = currentProvider();
    return provider ? PROVIDERS[provider].defaultConcurrency : DEFAULT_CONCURRENCY;
  }

  /** The queue's knobs alone: cheap (no key lookup), so the queue may read them before every job. */
  function tuning(): {
    concurrency: number;
    uploadMaxPx: number;
    uploadMetadata: boolean;
    promptWithExisting: boolean;
    groupBursts: boolean;
  } {
    return {
      concurrency: readInt('concurrency', defaultConcurrency),
      uploadMaxPx: readInt('uploadMaxPx', DEFAULT_UPLOAD_MAX_PX),
      uploadMetadata: read('uploadMetadata') === 'true',
      promptWithExisting: read('promptWithExisting') === 'true',
      // On unless the user turned it off: grouping only ever saves money.
      groupBursts: read('groupBursts') !== 'false',
    };
  }

  /** The language captions and tags are asked for: the one chosen in Settings, else the system's. */
  function captionLanguage(): string {
    return read('captionLanguage') ?? systemLanguageTag;
  }

  function get(): Settings {
    const { provider, fromEnvironment } = currentProvider();
    const key = provider ? keyFor(provider) : { key: null, source: null };
    return {
      provider,
      baseUrl: baseUrlOf(provider),
      model: modelOf(provider),
      hasKey: key.key !== null,
      keySource: key.source,
      fromEnvironment,
      ...tuning(),
      captionLanguage: captionLanguage(),
      captionLanguageChosen: read('captionLanguage') !== undefined,
      systemLanguage: systemLanguageTag,
      fallbackModels: fallbacksOf(provider),
    };
  }

  function update(update: SettingsUpdate): Settings {
    const values: Partial<Record<StoredKey, string | null>> = {};
    let concurrency = update.concurrency;
    if (update.provider !== undefined) {
      if (update.provider !== null && !isProviderId(update.provider)) {
        throw new UserError(`Unknown provider "${String(update.provider)}"`);
      }
      const current = read('provider') ?? null;
      values.provider = update.provider;
      // A model or URL chosen for one provider rarely fits another: fall back to the new preset's.
      if (update.provider !== current) {
        if (update.model === undefined) values.model = null;
        if (update.baseUrl === undefined) values.baseUrl = null;
        // So is a number of parallel requests, unless the user changed it in this very update (the Settings
        // page sends the number it shows, changed or not).
        if (concurrency === undefined || concurrency === tuning().concurrency) {
          values.concurrency = null;
          concurrency = undefined;
        }
      }
    }
    if (update.baseUrl !== undefined) {
      const baseUrl = update.baseUrl.trim();
      const problem = baseUrl ? baseUrlProblem(baseUrl) : null;
      if (problem !== null) throw new UserError(problem);
      values.baseUrl = baseUrl || null;
    }
    if (update.model !== undefined) values.model = update.model.trim() || null;
    if (concurrency !== undefined) {
      if (!Number.isInteger(concurrency) || concurrency < CONCURRENCY.min || concurrency > CONCURRENCY.max) {
        throw new UserError(
          `Concurrency must be a whole number from ${CONCURRENCY.min} to ${CONCURRENCY.max}`,
        );
      }
      values.concurrency = String(concurrency);
    }
    if (update.uploadMaxPx !== undefined) {
      const { uploadMaxPx } = update;
      if (!Number.isInteger(uploadMaxPx) || uploadMaxPx < UPLOAD_PX.min || uploadMaxPx > UPLOAD_PX.max) {
        throw new UserError(
          `Upload size must be a whole number of pixels from ${UPLOAD_PX.min} to ${UPLOAD_PX.max}`,
        );
      }
      values.uploadMaxPx = String(update.uploadMaxPx);
    }
    if (update.uploadMetadata !== undefined) values.uploadMetadata = update.uploadMetadata ? 'true' : 'false';
    if (update.promptWithExisting !== undefined) {
      values.promptWithExisting = update.promptWithExisting ? 'true' : 'false';
    }
    if (update.captionLanguage !== undefined) {
      values.captionLanguage =
        update.captionLanguage === null ? null : parseCaptionLanguage(update.captionLanguage);
    }
    if (update.groupBursts !== undefined) values.groupBursts = update.groupBursts ? 'true' : 'false';
    if (update.fallbackModels !== undefined) {
      const target = update.provider !== undefined ? update.provider : currentProvider().provider;
      if (target === null) throw new UserError('Choose a provider before its fallback models');
      const models = [...new Set(update.fallbackModels.map((m) => m.trim()).filter(Boolean))];
      if (models.length > MAX_FALLBACKS) {
        throw new UserError(`At most ${MAX_FALLBACKS} fallback models, tried in order`);
      }
      values[`fallbackModels.${target}`] = models.length > 0 ? JSON.stringify(models) : null;
    }
    write(values);
    return get();
  }

  /** Stores a key bound to the server the provider points at now; it is never sent anywhere else. */
  function setKey(provider: ProviderId, key: string | null): Settings {
    if (!isProviderId(provider)) throw new UserError(`Unknown provider "${String(provider)}"`);
    const trimmed = key?.trim() ?? '';
    if (!trimmed) {
      keyStore.set(provider, null);
      return get();
    }
    const origin = originOf(baseUrlOf(provider));
    if (origin === null) {
      throw new UserError(`Enter the base URL of your ${PROVIDERS[provider].label} server before its key`);
    }
    keyStore.set(provider, encodeBoundKey({ key: trimmed, origin }));
    return get();
  }

  /** Everything the caption client needs, or a sentence telling the user what to set up. */
  function resolveProvider(): ResolvedProvider | { error: string } {
    const { provider, invalid } = currentProvider();
    if (invalid !== null) {
      return {
        error: `SHOEBOX_PROVIDER is "${invalid}", which is not a provider: use one of ${PROVIDER_IDS.join(', ')}`,
      };
    }
    if (provider === null) {
      return { error: 'No caption provider is set up: choose one in Settings (or set SHOEBOX_PROVIDER)' };
    }
    const preset = PROVIDERS[provider];
    const baseUrl = baseUrlOf(provider);
    const model = modelOf(provider);
    if (!baseUrl) {
      return {
        error: `Enter the base URL of your ${preset.label} server in Settings (or set SHOEBOX_BASE_URL)`,
      };
    }
    const urlProblem = baseUrlProblem(baseUrl);
    if (urlProblem !== null) {
      return { error: nonEmpty(env.SHOEBOX_BASE_URL) ? `SHOEBOX_BASE_URL: ${urlProblem}` : urlProblem };
    }
    if (!model) {
      return {
        error: `Enter the model name for your ${preset.label} server in Settings (or set SHOEBOX_MODEL)`,
      };
    }
    const { key, elsewhere } = keyFor(provider);
    // Presets are cloud gateways that always need a key; a custom (often local) server may need none.
    if (key === null && provider !== 'custom') {
      if (elsewhere !== null) {
        return {
          error: `The ${preset.label} key you have belongs to ${elsewhere}, not ${originOf(baseUrl) ?? baseUrl}: add the key for this server in Settings`,
        };
      }
      return {
        error: `Add your ${preset.label} key in Settings${preset.keyEnv ? ` or set ${preset.keyEnv}` : ''}`,
      };
    }
    const cloud = provider === 'custom' ? !isLocalUrl(baseUrl) : preset.cloud;
    const fallbacks = fallbacksOf(provider).filter((m) => m !== model);
    return {
      provider,
      baseUrl,
      model,
      apiKey: key,
      cloud,
      captionLanguage: captionLanguage(),
      preferredWords: preferredWords(),
      ...(fallbacks.length > 0 ? { fallbacks } : {}),
    };
  }

  bindLegacyKeys();
  return { tuning, captionLanguage, get, update, setKey, resolveProvider };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

/** A custom URL on this machine keeps photos local; anything else is treated as cloud. */
function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
