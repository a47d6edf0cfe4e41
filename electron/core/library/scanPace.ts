/** How long a window the scan rate is measured over: long enough to be steady, short enough to follow changes. */
const WINDOW_MS = 10_000;

/** Files per second over the last few seconds of a scan, and the time left at that rate. */
export class ScanPace {
  readonly #samples: Array<{ at: number; done: number }>;

  constructor(startedAt: number) {
    this.#samples = [{ at: startedAt, done: 0 }];
  }

  rate(now: number, done: number): number {
    this.#samples.push({ at: now, done });
    while (this.#samples.length > 2 && now - this.#samples[1]!.at >= WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0]!;
    const seconds = (now - first.at) / 1000;
    return seconds > 0 ? (done - first.done) / seconds : 0;
  }

  secondsLeft(rate: number, done: number, expected: number | null): number | null {
    if (expected === null || rate <= 0) return null;
    return Math.max(0, expected - done) / rate;
  }
}
