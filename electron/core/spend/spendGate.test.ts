import { describe, expect, it } from 'vitest';
import { PRICES } from '../../../shared/providers';
import { openDatabase } from '../db/openDatabase';
import { committedSpend } from './ledger';
import { createSpendGate, type JobForGate } from './spendGate';
import { createSpendService } from './spendService';
import { writeSpendSettings } from './spendSettings';

const now = new Date(2026, 10, 23, 15);

function setup(provider: 'openrouter' | 'custom' = 'openrouter') {
  const db = openDatabase(':memory:');
  const spend = createSpendService({
    db,
    clock: { now: () => now.getTime() },
    provider: () => ({ provider, baseUrl: 'http://127.0.0.1:1/v1', model: 'm', apiKey: 'k' }),
    uploadMaxPx: () => 1024,
  });
  return { db, spend, gate: createSpendGate(db, spend, () => now) };
}

const job = (photoId: number, over: Partial<JobForGate> = {}): JobForGate => ({
  photoId,
  photoHash: `h${photoId}`,
  width: 4032,
  height: 3024,
  approved: true,
  origin: 'scan',
  attempt: 1,
  ...over,
});

describe('the spend gate', () => {
  it('never lets reservations pass a cap, however many workers ask', () => {
    const { db, gate } = setup();
    writeSpendSettings(db, { dailyUsd: 0.01 });
    const answers = Array.from({ length: 40 }, (_, i) => gate.admit(job(i + 1), 'openrouter', 'm'));
    const admitted = answers.filter((a) => a.ok).length;
    expect(admitted).toBeGreaterThan(5);
    expect(admitted).toBeLessThan(40);
    expect(committedSpend(db, now).today).toBeLessThanOrEqual(0.01);
    expect(answers.at(-1)).toMatchObject({ ok: false, reason: 'cap', cap: 'daily' });
  });

  it('lets photos that arrived while watching spend the daily allowance, and asks for the rest', () => {
    const { db, gate } = setup();
    writeSpendSettings(db, { autoAllowancePerDayUsd: 0.002 });
    expect(gate.admit(job(1, { approved: false, origin: 'scan' }), 'openrouter', 'm')).toEqual({
      ok: false,
      reason: 'awaiting-approval',
    });
    const watched = Array.from({ length: 10 }, (_, i) =>
      gate.admit(job(i + 2, { approved: false, origin: 'watch' }), 'openrouter', 'm'),
    );
    expect(watched[0]!.ok).toBe(true);
    expect(watched.at(-1)).toEqual({ ok: false, reason: 'awaiting-approval' });
  });

  it("reserves a call to a model priced apart from its provider at that model's price", () => {
    const { db, gate } = setup();
    writeSpendSettings(db, { dailyUsd: 0.5 });
    const dear = { inputPerMTok: 10, outputPerMTok: 30, perImage: 0 };
    const atProvider = gate.admit(job(1), 'openrouter', 'm');
    const atModel = gate.admit(job(2), 'openrouter', 'dear-model', dear);
    expect(atProvider.ok && atModel.ok).toBe(true);
    if (atProvider.ok && atModel.ok)
      expect(atModel.estimatedCost).toBeGreaterThan(50 * atProvider.estimatedCost);
    // The dear model's reservations meet the cap after a few calls; at the provider's price they would not.
    const more = Array.from({ length: 40 }, (_, i) =>
      gate.admit(job(i + 3), 'openrouter', 'dear-model', dear),
    );
    expect(more.at(-1)).toMatchObject({ ok: false, reason: 'cap', cap: 'daily' });
    expect(committedSpend(db, now).today).toBeLessThanOrEqual(0.5);
  });

  it('asks nothing of a free local provider', () => {
    const { gate } = setup('custom');
    expect(gate.admit(job(1, { approved: false }), 'custom', 'm').ok).toBe(true);
  });

  it('prices a call by the table or the price the user set, whatever the ledger has learned', () => {
    const { db, gate } = setup();
    expect(gate.priceFor('openrouter')).toEqual(PRICES.openrouter);
    const own = { inputPerMTok: 0.5, outputPerMTok: 0.5, perImage: 0 };
    writeSpendSettings(db, { priceOverrides: { openrouter: own } });
    expect(gate.priceFor('openrouter')).toEqual(own);
    expect(gate.priceFor('mistral')).toEqual(PRICES.mistral);
  });
});
