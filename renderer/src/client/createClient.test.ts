import { describe, expect, it } from 'vitest';
import type { Api, EventName, Events } from '../../../shared/contract';
import type { QueueStatus } from '../../../shared/types';
import type { ShoeboxBridge } from '../../../shared/bridge';
import { createBridgeClient } from './createClient';

type Listener = (name: EventName, payload: Events[EventName]) => void;

/** A bridge like the preload's: one upstream listener registry. */
function makeBridge() {
  const listeners = new Set<Listener>();
  const bridge: ShoeboxBridge = {
    api: {} as Api,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    imageUrl: (hash, size) => `shoebox://${size}/${hash}`,
  };
  const emit = (name: EventName, payload: Events[EventName]) => {
    for (const listener of [...listeners]) listener(name, payload);
  };
  return { bridge, listeners, emit };
}

const status: QueueStatus = {
  paused: false,
  blockedReason: null,
  queued: 1,
  running: 0,
  done: 2,
  failed: 0,
  refused: 0,
  offline: false,
  awaitingApproval: 0,
  waitingForLocal: 0,
  budgetCap: null,
};

describe('createBridgeClient', () => {
  it('delivers each event only to listeners of that name', () => {
    const { bridge, emit } = makeBridge();
    const client = createBridgeClient(bridge);
    const queue: QueueStatus[] = [];
    const changed: number[] = [];
    client.onEvent('queue.status', (payload) => queue.push(payload));
    client.onEvent('photos.changed', (payload) => changed.push(payload.count));
    emit('queue.status', status);
    emit('photos.changed', { count: 3 });
    expect(queue).toEqual([status]);
    expect(changed).toEqual([3]);
  });

  it('subscribes upstream once and lets go when the last listener leaves', () => {
    const { bridge, listeners, emit } = makeBridge();
    const client = createBridgeClient(bridge);
    const seen: string[] = [];
    const offA = client.onEvent('photos.changed', () => seen.push('a'));
    const offB = client.onEvent('photos.changed', () => seen.push('b'));
    expect(listeners.size).toBe(1);
    offA();
    emit('photos.changed', { count: 1 });
    expect(seen).toEqual(['b']);
    offB();
    expect(listeners.size).toBe(0);
    client.onEvent('photos.changed', () => seen.push('c'));
    expect(listeners.size).toBe(1);
  });

  it('keeps delivering when one listener throws', () => {
    const { bridge, emit } = makeBridge();
    const client = createBridgeClient(bridge);
    let delivered = false;
    const originalError = console.error;
    console.error = () => undefined;
    try {
      client.onEvent('photos.changed', () => {
        throw new Error('boom');
      });
      client.onEvent('photos.changed', () => (delivered = true));
      emit('photos.changed', { count: 1 });
    } finally {
      console.error = originalError;
    }
    expect(delivered).toBe(true);
  });

  it('uses the bridge for image URLs', () => {
    const client = createBridgeClient(makeBridge().bridge);
    expect(client.imageUrl('abc', 'preview')).toBe('shoebox://preview/abc');
  });
});
