import type { Log } from '../log';
import type { CaptionCallResult } from './providerClient';

/** After a 429, this many successes restore one more parallel request. */
const SUCCESSES_PER_STEP_UP = 5;
/** How long to hold off when the provider's window is nearly used up. */
const PACING_PAUSE_MS = 2_000;

/**
 * How many requests may be out at once and when the next may go: the configured concurrency, lowered on a 429
 * or when Mistral's rate headers run low, and raised again step by step as calls succeed.
 */
export interface RateGovernor {
  concurrencyLimit(): number;
  /** Milliseconds (real time) before anybody may send again; 0 when free to go. */
  waitMs(): number;
  isHolding(): boolean;
  onRateLimited(delayMs: number): number;
  onSuccess(): void;
  paceByRateHeaders(result: CaptionCallResult): void;
}

export function createRateGovernor(configuredConcurrency: () => number, log: Log): RateGovernor {
  /** Lowered on 429 and raised again on success; null means the configured concurrency. */
  let throttledConcurrency: number | null = null;
  let successesSinceThrottle = 0;
  /** Real-time (Date.now) moment before which nobody sends, after a Retry-After. */
  let holdUntil = 0;

  function concurrencyLimit(): number {
    const configured = Math.max(1, configuredConcurrency());
    return throttledConcurrency === null ? configured : Math.min(configured, throttledConcurrency);
  }

  function halve(): void {
    throttledConcurrency = Math.max(1, Math.floor(concurrencyLimit() / 2));
    successesSinceThrottle = 0;
  }

  return {
    concurrencyLimit,
    waitMs: () => Math.max(0, holdUntil - Date.now()),
    isHolding: () => holdUntil > Date.now(),
    onRateLimited(delayMs) {
      holdUntil = Math.max(holdUntil, Date.now() + delayMs);
      halve();
      return concurrencyLimit();
    },
    onSuccess() {
      if (throttledConcurrency !== null && ++successesSinceThrottle >= SUCCESSES_PER_STEP_UP) {
        successesSinceThrottle = 0;
        throttledConcurrency += 1;
        if (throttledConcurrency >= configuredConcurrency()) throttledConcurrency = null;
      }
    },
    /** Mistral says how much of its 60-second window is left: slow down before it answers 429. */
    paceByRateHeaders(result) {
      const { remainingRequests, remainingTokens } = result.facts;
      const usage = result.kind === 'ok' ? result.usage : null;
      const perCall = (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0);
      const lowOnRequests = remainingRequests !== null && remainingRequests <= concurrencyLimit();
      const lowOnTokens =
        remainingTokens !== null && perCall > 0 && remainingTokens < perCall * concurrencyLimit();
      if (!lowOnRequests && !lowOnTokens) return;
      holdUntil = Math.max(holdUntil, Date.now() + PACING_PAUSE_MS);
      halve();
      log.info('pacing requests by the rate-limit headers', { remainingRequests, remainingTokens });
    },
  };
}
