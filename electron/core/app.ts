import type { Clock } from './clock';
import type { Core, PlatformHooks } from './core';
import type { Log } from './log';

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
  keyStore?: import('./settings/keyStore').KeyStore;
}

/** Builds the whole core: database, library, caption queue and the contract's handlers. */
export async function createCore(_options: CoreOptions): Promise<Core> {
  throw new Error('createCore is being written by the lead');
}
