import type { ProviderId } from '../../../shared/types';

/** Where provider keys live. Keys go in and are read by the core only; no API method returns one. */
export interface KeyStore {
  get(provider: ProviderId): string | null;
  set(provider: ProviderId, key: string | null): void;
}
