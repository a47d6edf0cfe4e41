// The one way a view reads from the core: fetch on mount and whenever the arguments change, again on the
// events that make the answer stale, and never let a late reply (for old arguments, or after unmount) land.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Args, EventName, Method, Result } from '../../../shared/contract';
import type { Client } from '../client/createClient';
import { errorMessage, useClient } from './clientContext';
import { throttle } from './throttle';

export interface ApiQueryOptions<T> {
  /** While false nothing is fetched (a hidden tab); each time it turns true the query fetches afresh. */
  enabled?: boolean;
  /** Events after which the answer may be stale, so the query fetches again (while enabled). */
  refetchOn?: readonly EventName[];
  /** At most one event-driven fetch per interval, so a scan's burst of events is one request. */
  throttleMs?: number;
  /** While new arguments' reply is on its way, keep handing over the last reply (an amount, not a photo). */
  keepPrevious?: boolean;
  /** Called with each reply that lands (not with dropped ones), for state seeded from it (a form's draft). */
  onData?: (data: T) => void;
}

export interface ApiQuery<T> {
  /** The reply for the current arguments; undefined until it arrives, never another arguments' reply
   * (unless `keepPrevious` says so). */
  data: T | undefined;
  /** Why the last fetch for the current arguments failed; cleared by the next reply. */
  error: string | null;
  /** Fetches the current arguments again (a reply still in flight is dropped); settles when it has landed. */
  refetch(): Promise<void>;
  /** Replaces the data for the current arguments, e.g. with what a mutation or an event returned. */
  setData(update: T | ((current: T | undefined) => T)): void;
}

interface Snapshot<T> {
  key: string | null;
  data: T | undefined;
  error: string | null;
}

/** A read through the contract. `args` null means "nothing to ask yet" (no photo chosen): no fetch, no data. */
export function useApiQuery<M extends Method>(
  method: M,
  args: Args<M> | null,
  options: ApiQueryOptions<Result<M>> = {},
): ApiQuery<Result<M>> {
  const key = args === null ? null : `${method} ${JSON.stringify(args)}`;
  return useQuery(key, (client) => client.api[method](args as Args<M>), options);
}

/**
 * The same for an answer made of several calls (a page of every photo with a tag, a photo with the queue's
 * count): `key` names the arguments (null: nothing to ask), `load` asks; the newest `load` is the one used.
 */
export function useQuery<T>(
  key: string | null,
  load: (client: Client) => Promise<T>,
  options: ApiQueryOptions<T> = {},
): ApiQuery<T> {
  const client = useClient();
  const { enabled = true, refetchOn = [], throttleMs = 0 } = options;
  const [snapshot, setSnapshot] = useState<Snapshot<T>>({ key: null, data: undefined, error: null });
  const current = useRef({ key, load, onData: options.onData });
  // Every fetch takes a number; only the newest one may write, so older replies are dropped.
  const generation = useRef(0);

  useEffect(() => {
    current.current = { key, load, onData: options.onData };
  });

  const run = useCallback(async (): Promise<void> => {
    const { key: askedKey, load: ask } = current.current;
    if (askedKey === null) return;
    const mine = ++generation.current;
    try {
      const data = await ask(client);
      if (generation.current !== mine) return;
      setSnapshot({ key: askedKey, data, error: null });
      current.current.onData?.(data);
    } catch (error) {
      if (generation.current !== mine) return;
      setSnapshot((previous) => ({
        key: askedKey,
        data: previous.key === askedKey ? previous.data : undefined,
        error: errorMessage(error),
      }));
    }
  }, [client]);

  useEffect(() => {
    if (!enabled || key === null) return;
    void run();
    return () => {
      generation.current += 1;
    };
  }, [enabled, key, run]);

  const events = refetchOn.join(' ');
  useEffect(() => {
    if (!enabled || events === '') return;
    const fetchAgain = () => void run();
    const again =
      throttleMs > 0 ? throttle(fetchAgain, throttleMs) : Object.assign(fetchAgain, { cancel() {} });
    const unsubscribe = (events.split(' ') as EventName[]).map((name) => client.onEvent(name, () => again()));
    return () => {
      again.cancel();
      for (const off of unsubscribe) off();
    };
  }, [client, enabled, events, run, throttleMs]);

  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    const askedKey = current.current.key;
    // What the caller hands over is newer than any reply still in flight.
    generation.current += 1;
    setSnapshot((previous) => {
      const before = previous.key === askedKey ? previous.data : undefined;
      const data = typeof update === 'function' ? (update as (previous: T | undefined) => T)(before) : update;
      return { key: askedKey, data, error: null };
    });
  }, []);

  const fresh = snapshot.key !== null && snapshot.key === key;
  return {
    data: fresh || options.keepPrevious ? snapshot.data : undefined,
    error: fresh ? snapshot.error : null,
    refetch: run,
    setData,
  };
}
