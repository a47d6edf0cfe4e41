// What the desktop preload exposes as `window.shoebox`. Declared here because shared/bridge.ts is not on
// this branch; the shape matches the brief so the two can be swapped without changes.
import type { Api, EventName, Events } from '../../../shared/contract';

export type ImageSize = 'thumb' | 'preview';

export interface ShoeboxBridge {
  api: Api;
  onEvent(listener: (name: EventName, payload: Events[EventName]) => void): () => void;
  imageUrl(hash: string, size: ImageSize): string;
}

declare global {
  interface Window {
    shoebox?: ShoeboxBridge;
  }
}
