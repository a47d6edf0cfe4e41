import type { Database } from 'better-sqlite3';
import type { ProviderId } from '../../../shared/types';
import type { Price } from '../../../shared/providers';
import { checkBudget, type CapName } from './budget';
import { estimatePhoto, reservationFor } from './estimate';
import { committedAutoSpendToday, reserveCall, settleCall, type CallOutcome } from './ledger';
import { priceFor, type SpendService } from './spendService';

export interface JobForGate {
  photoId: number;
  photoHash: string;
  width: number | null;
  height: number | null;
  /** The user approved an estimate that included this photo. */
  approved: boolean;
  origin: 'scan' | 'watch';
  attempt: number;
}

export type Admission =
  | { ok: true; ledgerId: number; estimatedCost: number; imageTokens: number }
  | { ok: false; reason: 'cap'; cap: CapName; message: string }
  | { ok: false; reason: 'awaiting-approval' };

/**
 * The one door to spending: before a request is sent it must fit the budget caps and, unless the user
 * approved it, the daily auto-caption allowance. Check and reservation are one synchronous transaction,
 * so sixteen workers asking at once are answered one after another against the same ledger.
 */
export function createSpendGate(db: Database, spend: SpendService, now: () => Date) {
  const admitTx = db.transaction(
    (job: JobForGate, provider: ProviderId, model: string, price: Price | undefined): Admission => {
      // A call to a model priced apart from its provider (a bake-off's) is reserved at that model's price.
      const ctx = price
        ? { ...spend.costContext(provider, model), price }
        : spend.costContext(provider, model);
      const estimate = estimatePhoto(ctx, job.width, job.height);
      const reserve = reservationFor(ctx, job.width, job.height);
      const settings = spend.settings();
      const at = now();
      // A free (local) provider needs no approval: nothing is spent.
      const auto = !job.approved && reserve > 0;
      if (auto) {
        const allowanceLeft = settings.autoAllowancePerDayUsd - committedAutoSpendToday(db, at);
        if (job.origin !== 'watch' || reserve > allowanceLeft + 1e-12)
          return { ok: false, reason: 'awaiting-approval' };
      }
      const budget = checkBudget(db, settings, reserve, at);
      if (!budget.ok) return { ok: false, reason: 'cap', cap: budget.cap, message: budget.message };
      const ledgerId = reserveCall(db, {
        at,
        provider,
        model,
        photoId: job.photoId,
        photoHash: job.photoHash,
        attempt: job.attempt,
        estimatedCost: estimate.cost,
        reservedCost: reserve,
        auto,
      });
      return { ok: true, ledgerId, estimatedCost: estimate.cost, imageTokens: estimate.imageTokens };
    },
  );

  /**
   * A batch is one bill for many photos: its worst case (every photo at its reservation, at the batch
   * price) is held back up front against every cap, in one ledger line settled when the results are in.
   */
  const admitBatchTx = db.transaction(
    (
      photos: ReadonlyArray<{ width: number | null; height: number | null }>,
      provider: ProviderId,
      model: string,
      discount: number,
    ):
      | { ok: true; ledgerId: number; reservedCost: number; estimatedCost: number }
      | { ok: false; message: string } => {
      const ctx = spend.costContext(provider, model);
      let reserve = 0;
      let estimated = 0;
      for (const photo of photos) {
        reserve += reservationFor(ctx, photo.width, photo.height) * discount;
        estimated += estimatePhoto(ctx, photo.width, photo.height).cost * discount;
      }
      const at = now();
      const budget = checkBudget(db, spend.settings(), reserve, at);
      if (!budget.ok) return { ok: false, message: budget.message };
      const ledgerId = reserveCall(db, {
        at,
        provider,
        model,
        photoId: null,
        photoHash: null,
        attempt: 1,
        estimatedCost: estimated,
        reservedCost: reserve,
      });
      return { ok: true, ledgerId, reservedCost: reserve, estimatedCost: estimated };
    },
  );

  return {
    admitBatch: (
      photos: ReadonlyArray<{ width: number | null; height: number | null }>,
      provider: ProviderId,
      model: string,
      discount: number,
    ) => admitBatchTx(photos, provider, model, discount),
    /** Local servers cost nothing: their calls need no approval. */
    isFree: (provider: ProviderId): boolean => {
      // Asked on every wake of the queue: the price alone, not the learned token habits.
      const price = priceFor(spend.settings(), provider);
      return price.inputPerMTok === 0 && price.outputPerMTok === 0 && price.perImage === 0;
    },
    // The price alone: asked twice per call (the request's price ceiling, the settled bill), it needs none of
    // the learned token habits a whole cost context reads from the ledger.
    priceFor: (provider: ProviderId) => priceFor(spend.settings(), provider),
    admit: (job: JobForGate, provider: ProviderId, model: string, price?: Price): Admission =>
      admitTx(job, provider, model, price),
    settle: (ledgerId: number, outcome: CallOutcome): void => settleCall(db, ledgerId, outcome),
  };
}

export type SpendGate = ReturnType<typeof createSpendGate>;
