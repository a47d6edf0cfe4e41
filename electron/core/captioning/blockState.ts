import type { ResolvedProvider } from '../settings/settingsStore';

export const USER_PAUSE = 'Paused';
export const OFFLINE = 'offline, retrying';

export type BudgetCap = 'daily' | 'monthly' | 'total';

/**
 * Why the queue is not sending, each cause kept apart because each lifts differently: the user resumes a
 * pause; a changed setup lifts a fatal one; a raised cap or a new day lifts the budget; a reply lifts offline.
 */
export class BlockState {
  /** Set by the user (USER_PAUSE) or by a condition only the user can fix (credits, bad key). */
  pauseReason: string | null = null;
  providerError: string | null = null;
  /** The provider setup that caused a fatal pause; a changed setup (new key, model…) lifts the pause on wake. */
  fatalSetup: string | null = null;
  offlineReason: string | null = null;
  /** A budget cap reached: nothing is sent until the user raises it (wake) or the day or month turns. */
  budgetBlock: { cap: BudgetCap; message: string } | null = null;

  /** Keeps the first reason that is not the user's own pause: it says more about what to fix. */
  pause(reason: string): void {
    if (this.pauseReason === null || this.pauseReason === USER_PAUSE) this.pauseReason = reason;
  }

  /** A changed provider setup (or none at all) lifts a pause that the old setup caused. */
  liftIfSetupChanged(resolved: ResolvedProvider | { error: string }): void {
    if (this.fatalSetup === null || this.pauseReason === null) return;
    if ('error' in resolved || setupFingerprint(resolved) !== this.fatalSetup) {
      this.fatalSetup = null;
      this.pauseReason = null;
    }
  }

  /** Any cause that stops every worker (offline and rate holds only slow them down). */
  stopsSending(held: string | null): boolean {
    return (
      this.pauseReason !== null || this.providerError !== null || this.budgetBlock !== null || held !== null
    );
  }

  /** The one reason the user reads, most actionable first. */
  reason(held: string | null, rateHeld: boolean): string | null {
    if (held) return held;
    if (this.pauseReason) return this.pauseReason;
    if (this.budgetBlock) return this.budgetBlock.message;
    if (this.providerError) return this.providerError;
    if (this.offlineReason) return this.offlineReason;
    if (rateHeld) return 'rate limited by the provider, slowing down';
    return null;
  }
}

export function setupFingerprint(resolved: ResolvedProvider): string {
  return JSON.stringify([
    resolved.provider,
    resolved.baseUrl,
    resolved.model,
    resolved.apiKey,
    resolved.fallbacks ?? [],
  ]);
}
