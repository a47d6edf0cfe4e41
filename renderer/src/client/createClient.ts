// The renderer's only door to the core: the desktop bridge when the preload installed one, HTTP and
// Server-Sent Events otherwise. Views call `client.api.<method>` and never know which one they got.
import { EVENT_NAMES, type Api, type EventName, type Events } from '../../../shared/contract';
import type { ImageUrlSize, ShoeboxBridge } from '../../../shared/bridge';
import { createHttpApi } from './httpApi';

declare global {
  interface Window {
    /** Installed by the desktop preload; absent in browser mode. */
    shoebox?: ShoeboxBridge;
  }
}

export type EventListener<N extends EventName> = (payload: Events[N]) => void;

export interface Client {
  api: Api;
  onEvent<N extends EventName>(name: N, listener: EventListener<N>): () => void;
  imageUrl(hash: string, size: ImageUrlSize): string;
}

/** Fans one upstream subscription out to listeners per event name. */
class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  add(name: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  dispatch(name: EventName, payload: unknown): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`listener for ${name} failed`, error);
      }
    }
  }

  get size(): number {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }
}

export function createBridgeClient(bridge: ShoeboxBridge): Client {
  const hub = new EventHub();
  let unsubscribe: (() => void) | null = null;
  return {
    api: bridge.api,
    imageUrl: (hash, size) => bridge.imageUrl(hash, size),
    onEvent(name, listener) {
      unsubscribe ??= bridge.onEvent((eventName, payload) => hub.dispatch(eventName, payload));
      const remove = hub.add(name, listener as (payload: unknown) => void);
      return () => {
        remove();
        if (hub.size === 0 && unsubscribe) {
          unsubscribe();
          unsubscribe = null;
        }
      };
    },
  };
}

export interface HttpClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Constructor for the event stream; absent (as in Node tests) means events are simply not delivered. */
  EventSource?: typeof EventSource;
}

export function createHttpClient(options: HttpClientOptions = {}): Client {
  const baseUrl = options.baseUrl ?? '';
  // fetch must be called with the window as `this` in browsers, hence the arrow.
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const hub = new EventHub();
  let source: EventSource | null = null;

  const open = (): void => {
    if (source || !options.EventSource) return;
    // EventSource reconnects by itself after a dropped connection; nothing to do here.
    source = new options.EventSource(`${baseUrl}/api/events`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        const data = (event as MessageEvent<string>).data;
        try {
          hub.dispatch(name, JSON.parse(data) as unknown);
        } catch (error) {
          console.error(`bad ${name} event`, error);
        }
      });
    }
  };

  return {
    api: createHttpApi(fetchImpl, baseUrl),
    imageUrl: (hash, size) =>
      `${baseUrl}/${size === 'thumb' ? 'thumbs' : 'previews'}/${encodeURIComponent(hash)}`,
    onEvent(name, listener) {
      open();
      const remove = hub.add(name, listener as (payload: unknown) => void);
      return () => {
        remove();
        if (hub.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

/** The client for this window: desktop bridge if present, else HTTP against this origin. */
export function createClient(): Client {
  if (typeof window !== 'undefined' && window.shoebox) return createBridgeClient(window.shoebox);
  return createHttpClient({
    EventSource: typeof EventSource === 'undefined' ? undefined : EventSource,
  });
}
