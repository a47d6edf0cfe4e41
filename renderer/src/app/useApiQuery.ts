// The one way a view reads from the core: fetch on mount and whenever the arguments change, again on the
// events that make the answer stale, and never let a late reply (for old arguments, or after unmount) land.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Args, EventName, Method, Result } from '../../../shared/contract';
import { errorMessage, useClient } from './clientContext';
import { throttle } from './throttle';

export interface ApiQueryOptions {
  /** While false nothing is fetched (a hidden tab); each time it turns true the query fetches afresh. */
  enabled?: boolean;
  /** Events after which the answer may be stale, so the query fetches again (while enabled). */
  refetchOn?: readonly EventName[];
  /** At most one event-driven fetch per interval, so a scan's burst of events is one request. */
  throttleMs?: number;
}

export interface ApiQuery<T> {
  /** The reply for the current arguments; undefined until it arrives, never another arguments' reply. */
  data: T | undefined;
  /** Why the last fetch for the current arguments failed; cleared by the next reply. */
  error: string | null;
  /** Fetches the current arguments again; a reply still in flight is dropped. */
  refetch(): void;
  /** Replaces the data for the current arguments, e.g. with what a mutation or an event returned. */
  setData(update: T | ((current: T | undefined) => T)): void;
}

interface Snapshot<T> {
  key: string | null;
  data: T | undefined;
  error: string | null;
}

/** `args` null means "nothing to ask yet" (no photo chosen): no fetch, no data. */
export function useApiQuery<M extends Method>(
  method: M,
  args: Args<M> | null,
  options: ApiQueryOptions = {},
): ApiQuery<Result<M>> {
  const client = useClient();
  const { enabled = true, refetchOn = [], throttleMs = 0 } = options;
  const key = args === null ? null : `${method} ${JSON.stringify(args)}`;
  const [snapshot, setSnapshot] = useState<Snapshot<Result<M>>>({ key: null, data: undefined, error: null });
  const current = useRef({ args, key });
  // Every fetch takes a number; only the newest one may write, so older replies are dropped.
  const generation = useRef(0);

  useEffect(() => {
    current.current = { args, key };
  });

  const run = useCallback(() => {
    const { args: asked, key: askedKey } = current.current;
    if (asked === null) return;
    const mine = ++generation.current;
    client.api[method](asked).then(
      (data) => {
        if (generation.current === mine) setSnapshot({ key: askedKey, data, error: null });
      },
      (error: unknown) => {
        if (generation.current !== mine) return;
        setSnapshot((previous) => ({
          key: askedKey,
          data: previous.key === askedKey ? previous.data : undefined,
          error: errorMessage(error),
        }));
      },
    );
  }, [client, method]);

  useEffect(() => {
    if (!enabled || key === null) return;
    run();
    return () => {
      generation.current += 1;
    };
  }, [enabled, key, run]);

  const events = refetchOn.join(' ');
  useEffect(() => {
    if (!enabled || events === '') return;
    const again =
      throttleMs > 0 ? throttle(run, throttleMs) : Object.assign(() => run(), { cancel: () => undefined });
    const unsubscribe = (events.split(' ') as EventName[]).map((name) => client.onEvent(name, () => again()));
    return () => {
      again.cancel();
      for (const off of unsubscribe) off();
    };
  }, [client, enabled, events, run, throttleMs]);

  const setData = useCallback((update: Result<M> | ((previous: Result<M> | undefined) => Result<M>)) => {
    const askedKey = current.current.key;
    // What the caller hands over is newer than any reply still in flight.
    generation.current += 1;
    setSnapshot((previous) => {
      const before = previous.key === askedKey ? previous.data : undefined;
      const data =
        typeof update === 'function'
          ? (update as (previous: Result<M> | undefined) => Result<M>)(before)
          : update;
      return { key: askedKey, data, error: null };
    });
  }, []);

  const fresh = snapshot.key !== null && snapshot.key === key;
  return {
    data: fresh ? snapshot.data : undefined,
    error: fresh ? snapshot.error : null,
    refetch: run,
    setData,
  };
}
