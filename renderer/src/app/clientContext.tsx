// One client per window, handed to every view through context so views stay free of transport details.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { EventName, Events } from '../../../shared/contract';
import type { Client } from '../client/createClient';

const ClientContext = createContext<Client | null>(null);

export function ClientProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}

/** Subscribes for the component's lifetime; the latest listener is always the one called. */
export function useEvent<N extends EventName>(name: N, listener: (payload: Events[N]) => void): void {
  const client = useClient();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.onEvent(name, (payload) => latest.current(payload)), [client, name]);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
