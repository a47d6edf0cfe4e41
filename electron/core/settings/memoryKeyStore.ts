import type { ProviderId } from '../../../shared/types';
import type { KeyStore } from './keyStore';

/** Keys held only in memory: for tests and for sessions that must not write keys to disk. */
export function createMemoryKeyStore(initial: Partial<Record<ProviderId, string>> = {}): KeyStore {
  const keys = new Map<ProviderId, string>(Object.entries(initial) as [ProviderId, string][]);
  return {
    get: (provider) => keys.get(provider) ?? null,
    set(provider, key) {
      if (key) keys.set(provider, key);
      else keys.delete(provider);
    },
  };
}
