import type { Database } from 'better-sqlite3';
import type { ProviderId } from '../../../shared/types';
import { localDay, localMonth } from './calendar';
import { csvText, quoteCsvField } from '../export/csvCells';

export interface CallStart {
  at: Date;
  provider: ProviderId;
  model: string;
  photoId: number | null;
  photoHash: string | null;
  attempt: number;
  estimatedCost: number;
  /** The worst case this call can cost: what the budget holds back until the call settles. */
  reservedCost: number;
  /** Spent from the daily auto-caption allowance (a photo that arrived while watching). */
  auto?: boolean;
}

export interface CallOutcome {
  httpStatus: number | null;
  latencyMs: number;
  /** 'captioned', 'rate-limited', 'server-error', 'network', 'refused', 'bad-output', … */
  outcome: string;
  error: string | null;
  /** Whether the provider charged for this call (a 200 reply did; an error before generation did not). */
  billed: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  imageTokens: number | null;
  reportedCost: number | null;
  /** What the call cost: the provider's figure when it reports one, else tokens × the price table. */
  cost: number;
  generationId: string | null;
  /** The model that answered (the response's `model`), when the call produced a reply. */
  answeredModel?: string | null;
}

/** Records a call about to be sent. Runs inside the caller's budget-check transaction. */
export function reserveCall(db: Database, call: CallStart): number {
  return Number(
    db
      .prepare(
        `INSERT INTO ledger (at, day, month, provider, model, photo_id, photo_hash, attempt, state, estimated_cost,
           reserved_cost, auto)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in-flight', ?, ?, ?)`,
      )
      .run(
        call.at.toISOString(),
        localDay(call.at),
        localMonth(call.at),
        call.provider,
        call.model,
        call.photoId,
        call.photoHash,
        call.attempt,
        call.estimatedCost,
        call.reservedCost,
        call.auto ? 1 : 0,
      ).lastInsertRowid,
  );
}

export function settleCall(db: Database, id: number, outcome: CallOutcome): void {
  db.prepare(
    `UPDATE ledger SET state = 'settled', http_status = ?, latency_ms = ?, outcome = ?, error = ?, billed = ?,
       input_tokens = ?, output_tokens = ?, image_tokens = ?, reported_cost = ?, cost = ?, generation_id = ?,
       answered_model = ?
     WHERE id = ?`,
  ).run(
    outcome.httpStatus,
    Math.round(outcome.latencyMs),
    outcome.outcome,
    outcome.error,
    outcome.billed ? 1 : 0,
    outcome.inputTokens,
    outcome.outputTokens,
    outcome.imageTokens,
    outcome.reportedCost,
    outcome.billed ? outcome.cost : 0,
    outcome.generationId,
    outcome.answeredModel ?? null,
    id,
  );
}

/** A call Shoebox itself cut off (stopping): whether it was billed is unknown, so it keeps its reservation. */
export function interruptCall(db: Database, id: number): void {
  db.prepare(
    `UPDATE ledger SET state = 'interrupted', outcome = 'interrupted',
       error = 'Shoebox stopped while this call was in flight; counted at its reserved cost'
     WHERE id = ? AND state = 'in-flight'`,
  ).run(id);
}

/** At start-up: calls a crash left in flight may or may not have been billed; they keep their reservation. */
export function markInterruptedCalls(db: Database): number {
  return db
    .prepare(
      `UPDATE ledger SET state = 'interrupted', outcome = 'interrupted',
         error = 'Shoebox stopped while this call was in flight; counted at its reserved cost'
       WHERE state = 'in-flight'`,
    )
    .run().changes;
}

/** What counts against a budget: settled costs plus every reservation still open or unresolved. */
const COMMITTED = `coalesce(sum(CASE WHEN state = 'settled' THEN cost ELSE reserved_cost END), 0)`;

export interface CommittedSpend {
  today: number;
  month: number;
  total: number;
}

/** Today's spend from the auto-caption allowance, reservations included. */
export function committedAutoSpendToday(db: Database, now: Date): number {
  const row = db
    .prepare(`SELECT ${COMMITTED} AS spent FROM ledger WHERE day = ? AND auto = 1`)
    .get(localDay(now)) as {
    spent: number;
  };
  return row.spent;
}

export function committedSpend(db: Database, now: Date): CommittedSpend {
  const row = db
    .prepare(
      `SELECT
         (SELECT ${COMMITTED} FROM ledger WHERE day = ?) AS today,
         (SELECT ${COMMITTED} FROM ledger WHERE month = ?) AS month,
         (SELECT ${COMMITTED} FROM ledger) AS total`,
    )
    .get(localDay(now), localMonth(now)) as CommittedSpend;
  return row;
}

const CSV_COLUMNS = [
  'id',
  'at',
  'provider',
  'model',
  'photo_id',
  'photo_hash',
  'attempt',
  'state',
  'outcome',
  'http_status',
  'latency_ms',
  'input_tokens',
  'output_tokens',
  'image_tokens',
  'estimated_cost',
  'reserved_cost',
  'reported_cost',
  'cost',
  'billed',
  'generation_id',
  'error',
  'answered_model',
] as const;

/** Numbers are Shoebox's own; text (a generation id, a provider's error) is defused like any other CSV's. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? csvText(value) : quoteCsvField(String(value));
}

export function ledgerCsv(db: Database): string {
  const rows = db.prepare(`SELECT ${CSV_COLUMNS.join(', ')} FROM ledger ORDER BY id`).all() as Array<
    Record<string, unknown>
  >;
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
