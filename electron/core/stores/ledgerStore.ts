// The `ledger` table: one row per provider call, reserved before it is sent and settled after.
import type { Database } from 'better-sqlite3';
import type { ProviderId, SpendReport } from '../../../shared/types';
import { localDay, localMonth } from '../spend/calendar';
import { prepared } from '../db/prepared';

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
    prepared(
      db,
      `INSERT INTO ledger (at, day, month, provider, model, photo_id, photo_hash, attempt, state, estimated_cost,
           reserved_cost, auto)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in-flight', ?, ?, ?)`,
    ).run(
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
  prepared(
    db,
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
  prepared(
    db,
    `UPDATE ledger SET state = 'interrupted', outcome = 'interrupted',
       error = 'Shoebox stopped while this call was in flight; counted at its reserved cost'
     WHERE id = ? AND state = 'in-flight'`,
  ).run(id);
}

/** At start-up: calls a crash left in flight may or may not have been billed; they keep their reservation. */
export function markInterruptedCalls(db: Database): number {
  return prepared(
    db,
    `UPDATE ledger SET state = 'interrupted', outcome = 'interrupted',
         error = 'Shoebox stopped while this call was in flight; counted at its reserved cost'
       WHERE state = 'in-flight'`,
  ).run().changes;
}

/** What a call counts against a budget: its settled cost, or its reservation while open or unresolved. */
const CALL_COST = `CASE WHEN state = 'settled' THEN cost ELSE reserved_cost END`;
/** What counts against a budget: settled costs plus every reservation still open or unresolved. */
const COMMITTED = `coalesce(sum(${CALL_COST}), 0)`;

export interface CommittedSpend {
  today: number;
  month: number;
  total: number;
}

/** Today's spend from the auto-caption allowance, reservations included. */
export function committedAutoSpendToday(db: Database, now: Date): number {
  const row = prepared(db, `SELECT ${COMMITTED} AS spent FROM ledger WHERE day = ? AND auto = 1`).get(
    localDay(now),
  ) as {
    spent: number;
  };
  return row.spent;
}

export function committedSpend(db: Database, now: Date): CommittedSpend {
  const row = prepared(
    db,
    `SELECT
         (SELECT ${COMMITTED} FROM ledger WHERE day = ?) AS today,
         (SELECT ${COMMITTED} FROM ledger WHERE month = ?) AS month,
         (SELECT ${COMMITTED} FROM ledger) AS total`,
  ).get(localDay(now), localMonth(now)) as CommittedSpend;
  return row;
}

/** Every call in order, with the columns asked for (the ledger's CSV). */
export function ledgerRows(db: Database, columns: readonly string[]): Array<Record<string, unknown>> {
  return prepared(db, `SELECT ${columns.join(', ')} FROM ledger ORDER BY id`).all() as Array<
    Record<string, unknown>
  >;
}

export type SpendBreakdown = SpendReport['byProviderModel'][number];

/** Calls, billed calls, cost and captioned photos per provider and model, costliest first. */
export function spendByProviderModel(db: Database): SpendBreakdown[] {
  return prepared(
    db,
    `SELECT provider, model, count(*) AS calls, coalesce(sum(billed), 0) AS billedCalls,
            ${COMMITTED} AS cost,
            count(DISTINCT CASE WHEN outcome = 'captioned' THEN photo_id END) AS photos
     FROM ledger GROUP BY provider, model ORDER BY cost DESC`,
  ).all() as SpendBreakdown[];
}

/** Everything spent (null before the first call) and how many distinct photos were captioned. */
export function spendPerPhoto(db: Database): { cost: number | null; photos: number } {
  return prepared(
    db,
    `SELECT sum(${CALL_COST}) AS cost,
            count(DISTINCT CASE WHEN outcome = 'captioned' THEN photo_id END) AS photos FROM ledger`,
  ).get() as { cost: number | null; photos: number };
}

/** Mean of |estimated − actual| / actual over captioned calls that cost something. */
export function meanEstimateError(db: Database): number | null {
  return (
    prepared(
      db,
      `SELECT avg(abs(estimated_cost - cost) / cost) AS e FROM ledger
       WHERE state = 'settled' AND outcome = 'captioned' AND cost > 0`,
    ).get() as { e: number | null }
  ).e;
}

/** Spend per local day from `firstDay` on; days without calls are missing. */
export function spendPerDay(db: Database, firstDay: string): Array<{ day: string; cost: number }> {
  return prepared(
    db,
    `SELECT day, sum(${CALL_COST}) AS cost
     FROM ledger WHERE day >= ? GROUP BY day`,
  ).all(firstDay) as Array<{ day: string; cost: number }>;
}

export interface UsageMoments {
  n: number;
  x: number | null;
  y: number | null;
  xx: number | null;
  xy: number | null;
  residual: number | null;
  output: number | null;
}

const MOMENTS = (recentCalls: number, model: string) => `SELECT count(*) AS n, avg(image_tokens) AS x,
    avg(input_tokens) AS y, avg(image_tokens * image_tokens) AS xx, avg(image_tokens * input_tokens) AS xy,
    avg(input_tokens - image_tokens) AS residual, avg(output_tokens) AS output FROM (
    SELECT input_tokens, image_tokens, output_tokens FROM ledger
    WHERE provider = @provider AND ${model} AND outcome = 'captioned'
      AND input_tokens IS NOT NULL AND image_tokens IS NOT NULL AND output_tokens IS NOT NULL
    ORDER BY id DESC LIMIT ${recentCalls})`;

/** Token averages over a provider's (or one model's) last `recentCalls` captioned calls. */
export function usageMoments(
  db: Database,
  provider: string,
  model: string | null,
  recentCalls: number,
): UsageMoments {
  // Two statements, so the per-model one walks the (provider, model, id) index from its newest call.
  const sql = MOMENTS(recentCalls, model === null ? '1' : 'model = @model');
  return prepared(db, sql).get(model === null ? { provider } : { provider, model }) as UsageMoments;
}
