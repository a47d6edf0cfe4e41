// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, EventName, Events } from '../../../shared/contract';
import type { BatchInfo } from '../../../shared/types';
import type { ShoeboxBridge } from '../../../shared/bridge';
import { createBridgeClient } from '../client/createClient';
import { ClientProvider } from '../app/clientContext';
import { useBatchJobs } from './useBatchJobs';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const batch = (id: number, state: BatchInfo['state']) => ({ id, state }) as unknown as BatchInfo;

/** A desktop-style bridge whose batch.list answers with whatever the test last put in `lists`. */
function makeBridge() {
  const state = { list: [] as BatchInfo[], asked: 0 };
  const listeners = new Set<(name: EventName, payload: Events[EventName]) => void>();
  const api = {
    'batch.list': () => {
      state.asked += 1;
      return Promise.resolve(state.list);
    },
  } as unknown as Api;
  const bridge: ShoeboxBridge = {
    api,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    imageUrl: (hash) => hash,
  };
  const emit = (name: EventName) => {
    for (const listener of [...listeners]) listener(name, {} as Events[EventName]);
  };
  return { bridge, state, emit };
}

describe('useBatchJobs', () => {
  let container: HTMLDivElement;
  let root: Root;
  let fake: ReturnType<typeof makeBridge>;
  let seen: ReturnType<typeof useBatchJobs>;
  const Probe = () => {
    seen = useBatchJobs();
    return null;
  };
  const settle = () => act(() => vi.advanceTimersByTimeAsync(0));

  beforeEach(() => {
    vi.useFakeTimers();
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    fake = makeBridge();
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    vi.useRealTimers();
  });

  it('fetches on mount, again after a queue push (throttled, trailing), and polls only while a batch runs', async () => {
    fake.state.list = [batch(1, 'done')];
    const client = createBridgeClient(fake.bridge);
    act(() => root.render(createElement(ClientProvider, { client, children: createElement(Probe) })));
    await settle();
    expect(fake.state.asked).toBe(1);
    expect(seen.batches.map((b) => b.id)).toEqual([1]);

    // Nothing runs: no polling.
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(fake.state.asked).toBe(1);

    // A submit's push right after a fetch still lands, once the interval has passed.
    fake.state.list = [batch(2, 'running'), batch(1, 'done')];
    act(() => fake.emit('queue.status'));
    await settle();
    expect(fake.state.asked).toBe(2);
    act(() => fake.emit('queue.status'));
    await settle();
    expect(fake.state.asked).toBe(2);
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(fake.state.asked).toBe(3);
    expect(seen.batches.map((b) => b.id)).toEqual([2, 1]);

    // While batch 2 runs the list is looked at every two seconds, and no longer once it ended.
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(fake.state.asked).toBe(4);
    fake.state.list = [batch(2, 'done'), batch(1, 'done')];
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(fake.state.asked).toBe(5);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(fake.state.asked).toBe(5);
  });
});
