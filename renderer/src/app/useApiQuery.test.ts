// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Api, EventName, Events } from '../../../shared/contract';
import type { PhotoDetail } from '../../../shared/types';
import type { ShoeboxBridge } from '../../../shared/bridge';
import { createBridgeClient } from '../client/createClient';
import { ClientProvider } from './clientContext';
import { useApiQuery, type ApiQuery, type ApiQueryOptions } from './useApiQuery';

type Options = ApiQueryOptions<PhotoDetail | null>;

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Pending {
  id: number;
  resolve(detail: PhotoDetail | null): void;
  reject(error: Error): void;
}

/** A desktop-style bridge whose photos.get answers only when the test says so, in any order. */
function makeBridge() {
  const pending: Pending[] = [];
  const listeners = new Set<(name: EventName, payload: Events[EventName]) => void>();
  const api = {
    'photos.get': ({ id }: { id: number }) =>
      new Promise<PhotoDetail | null>((resolve, reject) => pending.push({ id, resolve, reject })),
  } as unknown as Api;
  const bridge: ShoeboxBridge = {
    api,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    imageUrl: (hash) => hash,
  };
  const emit = (name: EventName, payload: Events[EventName]) => {
    for (const listener of [...listeners]) listener(name, payload);
  };
  return { bridge, pending, emit, listeners };
}

const detail = (id: number) => ({ id, fileName: `photo-${id}.jpg` }) as unknown as PhotoDetail;

describe('useApiQuery', () => {
  let container: HTMLDivElement;
  let root: Root;
  let fake: ReturnType<typeof makeBridge>;
  let seen: ApiQuery<PhotoDetail | null>;

  const Probe = ({ id, options }: { id: number | null; options?: Options }) => {
    seen = useApiQuery('photos.get', id === null ? null : { id }, options);
    return null;
  };
  // The client must be the same object across renders, as the app's is.
  let client: ReturnType<typeof createBridgeClient>;
  const renderWith = (id: number | null, options?: Options) =>
    act(() =>
      root.render(createElement(ClientProvider, { client, children: createElement(Probe, { id, options }) })),
    );
  const answer = (index: number, value: PhotoDetail | null) =>
    act(async () => {
      fake.pending[index]!.resolve(value);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    fake = makeBridge();
    client = createBridgeClient(fake.bridge);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('fetches on mount and hands over the reply', async () => {
    await renderWith(1);
    expect(fake.pending.map((p) => p.id)).toEqual([1]);
    expect(seen.data).toBeUndefined();
    await answer(0, detail(1));
    expect(seen.data).toEqual(detail(1));
    expect(seen.error).toBeNull();
  });

  it('asks nothing while the arguments are null or the query is disabled', async () => {
    await renderWith(null);
    await renderWith(1, { enabled: false });
    expect(fake.pending).toHaveLength(0);
    expect(seen.data).toBeUndefined();
    await renderWith(1, { enabled: true });
    expect(fake.pending.map((p) => p.id)).toEqual([1]);
  });

  it('drops the reply for old arguments, even when it arrives last', async () => {
    await renderWith(1);
    await renderWith(2);
    expect(fake.pending.map((p) => p.id)).toEqual([1, 2]);
    await answer(1, detail(2));
    await answer(0, detail(1));
    expect(seen.data).toEqual(detail(2));
  });

  it('shows no data of other arguments while the new reply is on its way', async () => {
    await renderWith(1);
    await answer(0, detail(1));
    await renderWith(2);
    expect(seen.data).toBeUndefined();
  });

  it('fetches again on the named events only, and stops listening on unmount', async () => {
    await renderWith(1, { refetchOn: ['photos.changed'] });
    await answer(0, detail(1));
    fake.emit('queue.status', {} as Events['queue.status']);
    expect(fake.pending).toHaveLength(1);
    await act(async () => fake.emit('photos.changed', { count: 1 }));
    expect(fake.pending.map((p) => p.id)).toEqual([1, 1]);
    await answer(1, { ...detail(1), fileName: 'renamed.jpg' });
    expect(seen.data?.fileName).toBe('renamed.jpg');
    act(() => root.unmount());
    expect(fake.listeners.size).toBe(0);
    root = createRoot(container);
  });

  it('ignores events while disabled and fetches afresh when enabled again', async () => {
    await renderWith(1, { refetchOn: ['photos.changed'] });
    await answer(0, detail(1));
    await renderWith(1, { refetchOn: ['photos.changed'], enabled: false });
    fake.emit('photos.changed', { count: 1 });
    expect(fake.pending).toHaveLength(1);
    await renderWith(1, { refetchOn: ['photos.changed'], enabled: true });
    expect(fake.pending).toHaveLength(2);
  });

  it('keeps the data and says why when a fetch fails, and clears the error on the next reply', async () => {
    await renderWith(1);
    await answer(0, detail(1));
    await act(async () => {
      void seen.refetch();
    });
    await act(async () => {
      fake.pending[1]!.reject(new Error('The catalogue is busy'));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(seen.error).toBe('The catalogue is busy');
    expect(seen.data).toEqual(detail(1));
    await act(async () => {
      void seen.refetch();
    });
    await answer(2, detail(1));
    expect(seen.error).toBeNull();
  });

  it('lets a mutation reply replace the data, and drops the older reply still in flight', async () => {
    await renderWith(1);
    await act(async () => seen.setData(detail(7)));
    expect(seen.data).toEqual(detail(7));
    await answer(0, detail(1));
    expect(seen.data).toEqual(detail(7));
    await act(async () => seen.setData((previous) => ({ ...previous!, fileName: 'edited.jpg' })));
    expect(seen.data?.fileName).toBe('edited.jpg');
  });

  it('turns a burst of events into one fetch per interval', async () => {
    await renderWith(1, { refetchOn: ['photos.changed'], throttleMs: 60_000 });
    await act(async () => {
      for (let i = 0; i < 5; i++) fake.emit('photos.changed', { count: i });
    });
    // The mount's fetch and the burst's leading one; the trailing one waits for the interval.
    expect(fake.pending).toHaveLength(2);
  });

  it('hands over the last reply while new arguments load, when asked to', async () => {
    await renderWith(1, { keepPrevious: true });
    await answer(0, detail(1));
    await renderWith(2, { keepPrevious: true });
    expect(seen.data).toEqual(detail(1));
    await answer(1, detail(2));
    expect(seen.data).toEqual(detail(2));
  });

  it('tells onData about the replies that land, not the dropped ones', async () => {
    const landed: Array<number | undefined> = [];
    const onData = (data: PhotoDetail | null) => landed.push(data?.id);
    await renderWith(1, { onData });
    await renderWith(2, { onData });
    await answer(0, detail(1));
    await answer(1, detail(2));
    expect(landed).toEqual([2]);
  });

  it('settles a refetch once its reply has landed', async () => {
    await renderWith(1);
    await answer(0, detail(1));
    let settled = false;
    await act(async () => {
      void seen.refetch().then(() => (settled = true));
    });
    expect(settled).toBe(false);
    await answer(1, { ...detail(1), fileName: 'again.jpg' });
    expect(settled).toBe(true);
    expect(seen.data?.fileName).toBe('again.jpg');
  });
});
