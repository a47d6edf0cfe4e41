// @vitest-environment happy-dom
// The Spend page's form against replies that land in any order: a report arriving while the user types, a
// second save while the first one's notice still shows.
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Api, SpendSettingsUpdate } from '../../../shared/contract';
import type { ShoeboxBridge } from '../../../shared/bridge';
import { PRICES, PRICES_AS_OF } from '../../../shared/providers';
import type { SpendReport, SpendSettings } from '../../../shared/types';
import { ClientProvider } from '../app/clientContext';
import { createBridgeClient } from '../client/createClient';
import { SpendView } from './SpendView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Deferred<T> {
  args: unknown;
  resolve(value: T): void;
}

/** The spend settings a core would keep, and calls that answer only when the test says so. */
function makeBridge() {
  let stored: SpendSettings = {
    dailyUsd: null,
    monthlyUsd: null,
    totalUsd: null,
    autoAllowancePerDayUsd: 0,
    priceOverrides: {},
  };
  const reports: Array<Deferred<SpendReport>> = [];
  const updates: Array<Deferred<SpendReport>> = [];
  const reportOf = (settings: SpendSettings): SpendReport => ({
    today: 0,
    month: 0,
    total: 0,
    averagePerPhoto: null,
    estimateError: null,
    byProviderModel: [],
    daily: [],
    balance: null,
    settings,
    pricesAsOf: PRICES_AS_OF,
    prices: { ...PRICES, ...settings.priceOverrides },
  });
  const api = {
    // Read when the call arrives, as the core does; answered later.
    'spend.report': () => {
      const report = reportOf(stored);
      return new Promise<SpendReport>((resolve) =>
        reports.push({ args: {}, resolve: () => resolve(report) }),
      );
    },
    'spend.updateSettings': (update: SpendSettingsUpdate) => {
      stored = { ...stored, ...update } as SpendSettings;
      const report = reportOf(stored);
      return new Promise<SpendReport>((resolve) =>
        updates.push({ args: update, resolve: () => resolve(report) }),
      );
    },
  } as unknown as Api;
  const bridge: ShoeboxBridge = { api, onEvent: () => () => {}, imageUrl: (hash) => hash };
  return { bridge, reports, updates };
}

describe('SpendView', () => {
  let container: HTMLDivElement;
  let root: Root;
  let fake: ReturnType<typeof makeBridge>;
  let client: ReturnType<typeof createBridgeClient>;

  const show = (active: boolean) =>
    act(() =>
      root.render(createElement(ClientProvider, { client, children: createElement(SpendView, { active }) })),
    );
  const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  const answer = async (calls: Array<Deferred<SpendReport>>) => {
    const call = calls.shift();
    if (!call) throw new Error('no call waits for an answer');
    call.resolve(undefined as never);
    await settle();
  };
  const field = (label: string) => {
    const input = container.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`);
    if (!input) throw new Error(`no field ${label}`);
    return input;
  };
  const type = (label: string, text: string) =>
    act(() => {
      const input = field(label);
      // React watches the value through the prototype's setter, as a browser's typing would set it.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const save = async () => {
    await act(() => {
      container.querySelector<HTMLButtonElement>('[data-testid="spend-save"]')!.click();
    });
    await settle();
  };
  const savedShown = () => container.textContent?.includes('Saved.') ?? false;

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

  /** The page opened once and left, then opened again: its report is on its way. */
  const reopen = async () => {
    await show(true);
    await answer(fake.reports);
    await show(false);
    await show(true);
    expect(fake.reports).toHaveLength(1);
  };

  it('keeps the prices typed while the report for opening the page is on its way, and saves them', async () => {
    await reopen();
    await type('OpenRouter inputPerMTok', '40');
    await type('OpenRouter perImage', '2');
    await answer(fake.reports);

    expect(field('OpenRouter inputPerMTok').value).toBe('40');
    expect(field('OpenRouter perImage').value).toBe('2');
    expect(field('OpenRouter outputPerMTok').value).toBe(String(PRICES.openrouter.outputPerMTok));

    await save();
    expect(fake.updates[0]?.args).toMatchObject({
      priceOverrides: {
        openrouter: { inputPerMTok: 40, outputPerMTok: PRICES.openrouter.outputPerMTok, perImage: 0.002 },
      },
    });
    await answer(fake.updates);
    expect(field('OpenRouter inputPerMTok').value).toBe('40');
    expect(savedShown()).toBe(true);
  });

  it('drops unsaved edits of an earlier visit when the page opens again', async () => {
    await show(true);
    await answer(fake.reports);
    await type('Mistral outputPerMTok', '99');
    await show(false);
    await show(true);
    await answer(fake.reports);
    expect(field('Mistral outputPerMTok').value).toBe(String(PRICES.mistral.outputPerMTok));
  });

  it('does not show an earlier save as done while the next one is on its way', async () => {
    await show(true);
    await answer(fake.reports);
    await type('OpenRouter inputPerMTok', '1');
    await save();
    await answer(fake.updates);
    expect(savedShown()).toBe(true);

    await type('OpenRouter inputPerMTok', '40');
    await save();
    expect(fake.updates).toHaveLength(1);
    expect(savedShown()).toBe(false);
    await answer(fake.updates);
    expect(savedShown()).toBe(true);
  });
});
