import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatchInfo } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { isActive } from './batchWords';

/** How often a running batch is looked at again while the panel shows it (the core polls the provider). */
const ACTIVE_POLL_MS = 2_000;
/** Least time between two fetches caused by queue status pushes (a batch's end changes the queue). */
const MIN_REFRESH_MS = 1_000;

/** The caption batches, newest first: fetched when the queue changes, and every few seconds while one runs. */
export function useBatchJobs(queueRevision: number | undefined) {
  const client = useClient();
  const [batches, setBatches] = useState<BatchInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const lastFetch = useRef(0);

  const refresh = useCallback(() => {
    lastFetch.current = Date.now();
    client.api['batch.list']({}).then(
      (list) => {
        setBatches(list);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client]);

  // Throttled with a trailing fetch: the push that follows a submit may come right after a fetch, and the
  // list must still show the new batch.
  useEffect(() => {
    const wait = lastFetch.current + MIN_REFRESH_MS - Date.now();
    if (wait <= 0) {
      refresh();
      return;
    }
    const timer = setTimeout(refresh, wait);
    return () => clearTimeout(timer);
  }, [queueRevision, refresh]);

  const active = batches.some(isActive);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(refresh, ACTIVE_POLL_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  return { batches, error, refresh };
}
