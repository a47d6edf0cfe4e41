/** Captions finished per minute over the recent past, for the queue panel's pace and time left. */
export function createThroughputMeter(windowMs = 5 * 60_000, now: () => number = Date.now) {
  const finished: number[] = [];

  function trim(at: number): void {
    while (finished.length > 0 && finished[0]! < at - windowMs) finished.shift();
  }

  return {
    note(): void {
      const at = now();
      finished.push(at);
      trim(at);
    },
    /**
     * Photos per minute since the first of the recent captions (not over the whole window, so a run that
     * started a minute ago is not shown at a fifth of its pace); null until there are a few to go by.
     */
    perMinute(): number | null {
      const at = now();
      trim(at);
      if (finished.length < 3) return null;
      const spanMs = Math.max(at - finished[0]!, 1000);
      return (finished.length / spanMs) * 60_000;
    },
    reset(): void {
      finished.length = 0;
    },
  };
}
