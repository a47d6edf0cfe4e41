import type { Api } from '../../shared/contract';
import type { EventBus } from './events';

export type ImageSize = 'thumb' | 'preview';

/**
 * Everything a shell needs from the core: the contract's handlers, the event stream, and image files for
 * the custom protocol / HTTP routes. Built by createCore (app.ts); both transports take this and nothing else.
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
