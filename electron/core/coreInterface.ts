import type { Api } from '../../shared/contract';
import type { Clock } from './clock';
import type { EventBus } from './events';
import type { Log } from './log';
import type { KeyStore } from './settings/keyStore';

export type ImageSize = 'thumb' | 'preview';

/**
 * Everything a shell needs from the core: the contract's handlers, the event stream, and image files for
 * the custom protocol / HTTP routes. Built by createCore (createCore.ts); both transports take this and nothing else.
 */
export interface Core {
  api: Api;
  events: EventBus;
  /** A cached JPEG/WebP for the photo with this content hash, made on demand; null for an unknown hash. */
  image(hash: string, size: ImageSize): Promise<{ path: string; mime: string } | null>;
  /** The finished CSV or JSON file of export job `id` (browser mode's download); null when there is none. */
  exportFile?(id: number): { path: string; fileName: string; mimeType: string } | null;
  /** Drains the caption queue, stops watchers and closes the database. */
  stop(): Promise<void>;
}

/** What only a desktop shell can do; browser mode leaves these out and the contract says so. */
export interface PlatformHooks {
  pickFolder?: () => Promise<string | null>;
  showInFolder?: (path: string) => void;
}

export interface CoreOptions {
  /** Where the catalogue, thumbnails and (browser mode) keys live. */
  dataDir: string;
  /** Usually process.env: SHOEBOX_PROVIDER, SHOEBOX_BASE_URL, SHOEBOX_MODEL and provider key variables. */
  env: Record<string, string | undefined>;
  mode: 'desktop' | 'browser';
  clock?: Clock;
  log?: Log;
  platform?: PlatformHooks;
  /** The desktop passes a safeStorage-backed store; browser mode keeps keys in a 0600 file. */
  keyStore?: KeyStore;
  /** Tests shorten chokidar's wait for a copy to finish. */
  writeFinishMs?: number;
  /** How often free space is looked at while the data disk is full (default 5 s; SHOEBOX_DISK_POLL_MS). */
  diskPollMs?: number;
  /** The system's language as the platform reports it (Electron's app.getLocale()); default for captions. */
  systemLocale?: string;
}
