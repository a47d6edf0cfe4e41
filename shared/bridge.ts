// What the desktop preload puts on `window.shoebox`. The renderer's client uses it when present and falls
// back to HTTP + Server-Sent Events in browser mode; both speak the same contract.
import type { Api, EventName, Events, WireError } from './contract';

export type ImageUrlSize = 'thumb' | 'preview';

export type BridgeEventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

export interface ShoeboxBridge {
  /** One function per contract method; rejects with an Error carrying the core's message. */
  api: Api;
  /** Every core event; returns the unsubscribe function. */
  onEvent(listener: BridgeEventListener): () => void;
  /** `shoebox://thumb/<hash>` or `shoebox://preview/<hash>`, served by the main process. */
  imageUrl(hash: string, size: ImageUrlSize): string;
}

/** The IPC channels between preload and main. */
export const API_CHANNEL = 'shoebox:api';
export const EVENT_CHANNEL = 'shoebox:event';
export const IMAGE_SCHEME = 'shoebox';

/** What main answers on API_CHANNEL: the result, or the error the preload rethrows. */
export type ApiReply = { ok: unknown } | WireError;
