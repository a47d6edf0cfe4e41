import type { ResolvedProvider, SettingsStore } from '../settings/settingsStore';
import { estimatePhoto } from '../spend/estimate';
import type { SpendService } from '../spend/spendService';
import { probeConnection, type Probe } from './connectionTest';

/** The photo a price per photo is quoted for: a 4:3 camera photo, as on the Settings page. */
const TYPICAL_PHOTO = { width: 4032, height: 3024 } as const;

export interface ConnectionTesterDeps {
  settings: SettingsStore;
  spend: SpendService;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

export type ConnectionTester = (setup?: ResolvedProvider | { error: string }) => Promise<Probe>;

/** Probes the configured provider (or a given setup) with the same cost model the estimates use. */
export function createConnectionTester(deps: ConnectionTesterDeps): ConnectionTester {
  return (setup = deps.settings.resolveProvider()) => {
    const provider = 'error' in setup ? 'custom' : setup.provider;
    const model = 'error' in setup ? '' : setup.model;
    const ctx = deps.spend.costContext(provider, model);
    return probeConnection(setup, {
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      uploadMaxPx: ctx.uploadMaxPx,
      tablePrice: ctx.price,
      costPerPhoto: (price) =>
        estimatePhoto({ ...ctx, price }, TYPICAL_PHOTO.width, TYPICAL_PHOTO.height).cost,
    });
  };
}
