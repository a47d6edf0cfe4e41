import type { BakeoffResult } from '../../../shared/types';

export interface ModelSummary {
  model: string;
  answered: number;
  failed: number;
  costUsd: number;
  /** Mean latency of the answered calls, or null before the first. */
  meanLatencyMs: number | null;
}

/** Per model: how many photos it answered, what it cost in all, how fast it was on average. */
export function summarise(models: readonly string[], results: readonly BakeoffResult[]): ModelSummary[] {
  return models.map((model) => {
    const mine = results.filter((r) => r.model === model);
    const answered = mine.filter((r) => r.caption !== null);
    const latencies = answered.map((r) => r.latencyMs ?? 0);
    return {
      model,
      answered: answered.length,
      failed: mine.length - answered.length,
      costUsd: mine.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
      meanLatencyMs: latencies.length > 0 ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null,
    };
  });
}

/** Rows of the side-by-side table: one per photo, in the run's order, with each model's answer. */
export function byPhoto(
  photoIds: readonly number[],
  results: readonly BakeoffResult[],
): Array<{
  photoId: number;
  hash: string | null;
  fileName: string | null;
  answers: Map<string, BakeoffResult>;
}> {
  return photoIds.map((photoId) => {
    const mine = results.filter((r) => r.photoId === photoId);
    return {
      photoId,
      hash: mine[0]?.hash ?? null,
      fileName: mine[0]?.fileName ?? null,
      answers: new Map(mine.map((r) => [r.model, r])),
    };
  });
}
