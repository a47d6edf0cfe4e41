import type { Log } from '../log';
import type { ResolvedProvider } from '../settings/settingsStore';

/** Server errors in a row from one model before the queue moves on to the next fallback. */
const SERVER_FAILURES_BEFORE_SWITCH = 3;

/**
 * The model the queue sends to now: the configured one, or the fallback it switched to after the provider said
 * the model is unavailable or kept failing. The gateways also route fallbacks themselves (OpenRouter `models`,
 * Vercel `providerOptions.gateway.models`); this is the switch for everyone else, and the last resort for them.
 * A changed setup (model, list, key, server) starts again from the configured model.
 */
export function createModelChain(log: Log) {
  let state: { setup: string; index: number; serverFailures: number } | null = null;

  function chainOf(base: ResolvedProvider): string[] {
    return [base.model, ...(base.fallbacks ?? []).filter((m) => m !== base.model)];
  }

  function stateFor(base: ResolvedProvider): { setup: string; index: number; serverFailures: number } {
    const setup = JSON.stringify([base.provider, base.baseUrl, base.apiKey, chainOf(base)]);
    if (state?.setup !== setup) state = { setup, index: 0, serverFailures: 0 };
    return state;
  }

  /** Parallel workers hear of the same failure: only the first moves on, the others take the new model. */
  function advance(base: ResolvedProvider, failed: string, why: string): boolean {
    const current = stateFor(base);
    const chain = chainOf(base);
    if (chain[current.index] !== failed) return true;
    if (current.index + 1 >= chain.length) return false;
    current.index += 1;
    current.serverFailures = 0;
    log.warn('switching to a fallback model', {
      from: chain[current.index - 1],
      to: chain[current.index],
      why,
    });
    return true;
  }

  return {
    /** The setup to send with: the active model, and the fallbacks after it for a gateway to route. */
    current(base: ResolvedProvider): ResolvedProvider {
      const chain = chainOf(base);
      const { index } = stateFor(base);
      return { ...base, model: chain[index]!, fallbacks: chain.slice(index + 1) };
    },
    /** The provider does not serve the active model: true when there was another to switch to. */
    switchAfterUnavailable(base: ResolvedProvider, failed: string): boolean {
      return advance(base, failed, 'unavailable');
    },
    /** A server error (not the network): after a few in a row, true when it switched. */
    noteServerFailure(base: ResolvedProvider, failed: string): boolean {
      const current = stateFor(base);
      if (chainOf(base)[current.index] !== failed) return true;
      current.serverFailures += 1;
      if (current.serverFailures < SERVER_FAILURES_BEFORE_SWITCH) return false;
      return advance(base, failed, 'keeps failing');
    },
    noteSuccess(base: ResolvedProvider): void {
      stateFor(base).serverFailures = 0;
    },
  };
}

export type ModelChain = ReturnType<typeof createModelChain>;
