import { useEffect } from 'react';
import type { BatchInfo } from '../../../shared/types';
import { useApiQuery } from '../app/useApiQuery';
import { isActive } from './batchWords';

/** How often a running batch is looked at again while the panel shows it (the core polls the provider). */
const ACTIVE_POLL_MS = 2_000;
/** Least time between two fetches caused by queue status pushes (a batch's end changes the queue). */
const MIN_REFRESH_MS = 1_000;

const NO_BATCHES: BatchInfo[] = [];

/** The caption batches, newest first: fetched when the queue changes, and every few seconds while one runs. */
export function useBatchJobs() {
  // Throttled with a trailing fetch: the push that follows a submit may come right after a fetch, and the
  // list must still show the new batch.
  const { data, error, refetch } = useApiQuery(
    'batch.list',
    {},
    { refetchOn: ['queue.status'], throttleMs: MIN_REFRESH_MS },
  );
  const batches = data ?? NO_BATCHES;

  const active = batches.some(isActive);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refetch(), ACTIVE_POLL_MS);
    return () => clearInterval(timer);
  }, [active, refetch]);

  return { batches, error, refresh: refetch };
}
