import type { Database } from 'better-sqlite3';
import { LIMITS, UserError } from '../../../shared/contract';
import { tokenCost } from '../../../shared/costModel';
import { pixtralImageTokens } from '../../../shared/imageTokens';
import { PROVIDERS } from '../../../shared/providers';
import type { BakeoffEstimate, BakeoffRun } from '../../../shared/types';
import { findReadablePathById } from '../stores/photosStore';
import { isoNow, type Clock } from '../clock';
import type { Log } from '../log';
import type { UploadImage } from '../captioning/queue';
import { requestCaption, type CaptionCallResult } from '../captioning/providerClient';
import type { ResolvedProvider, SettingsStore } from '../settings/settingsStore';
import { estimatePhoto } from '../spend/estimate';
import type { SpendGate } from '../spend/spendGate';
import type { SpendService } from '../spend/spendService';
import * as bakeoffStore from './bakeoffStore';
import { createModelPrices, type ModelPrice } from './modelPrices';
import { spreadOver } from './samples';

export interface BakeoffDeps {
  db: Database;
  clock: Clock;
  log: Log;
  settings: SettingsStore;
  spend: SpendService;
  gate: SpendGate;
  prepareUpload: (path: string, maxSide: number, options: { keepMetadata: boolean }) => Promise<UploadImage>;
  timeoutMs?: number | undefined;
  /** For the provider's model list (its prices). */
  fetch?: typeof fetch | undefined;
}

export interface BakeoffChoice {
  photoIds?: number[] | undefined;
  count?: number | undefined;
  models: string[];
}

export const MIN_SAMPLES = LIMITS.bakeoffSamples.min;
export const MAX_SAMPLES = LIMITS.bakeoffSamples.max;
const DEFAULT_SAMPLES = 12;

/**
 * A model bake-off: sample photos (the user's, or spread over time) captioned by 2–4 models side by side.
 * It spends real money, so there is an estimate first, and every call goes through the spend gate like the
 * queue's (caps apply, the ledger records it). Answers are kept for the comparison, not as captions.
 */
export function createBakeoff(deps: BakeoffDeps) {
  const { db, clock, log, settings, spend, gate } = deps;
  const runs = new Map<number, BakeoffRun>();
  const modelPrices = createModelPrices({ fetch: deps.fetch });

  function provider(): ResolvedProvider {
    const resolved = settings.resolveProvider();
    if ('error' in resolved) throw new UserError(resolved.error);
    return resolved;
  }

  function checkModels(models: string[]): string[] {
    const unique = [...new Set(models.map((m) => m.trim()).filter(Boolean))];
    if (unique.length < 2 || unique.length > 4)
      throw new UserError('Pick 2 to 4 different models to compare.');
    return unique;
  }

  function samples(choice: BakeoffChoice): number[] {
    if (choice.photoIds && choice.photoIds.length > 0) {
      const ids = [...new Set(choice.photoIds)];
      if (ids.length > MAX_SAMPLES) throw new UserError(`Pick at most ${MAX_SAMPLES} photos.`);
      for (const id of ids)
        if (!bakeoffStore.photoFacts(db, id)) throw new UserError(`Photo ${id} is not in the catalogue.`);
      return ids;
    }
    const count = Math.min(MAX_SAMPLES, Math.max(MIN_SAMPLES, choice.count ?? DEFAULT_SAMPLES));
    const picked = spreadOver(bakeoffStore.readablePhotosByTime(db), count);
    if (picked.length === 0)
      throw new UserError('Add a folder of photos first: there is nothing to compare on.');
    return picked;
  }

  /** Each model's own price (its list price, the user's, or the table's), as the estimate and the bill use. */
  function pricesOf(resolved: ResolvedProvider, models: string[]): Promise<Map<string, ModelPrice>> {
    return modelPrices.pricesOf(resolved, models, spend.providerPrice(resolved.provider));
  }

  async function plan(
    choice: BakeoffChoice,
  ): Promise<{ estimate: BakeoffEstimate; prices: Map<string, ModelPrice> }> {
    const models = checkModels(choice.models);
    const photoIds = samples(choice);
    const resolved = provider();
    const prices = await pricesOf(resolved, models);
    const perModel = models.map((model) => {
      const { price, source } = prices.get(model)!;
      const ctx = { ...spend.costContext(resolved.provider, model), price };
      let costUsd = 0;
      for (const id of photoIds) {
        const facts = bakeoffStore.photoFacts(db, id)!;
        costUsd += estimatePhoto(ctx, facts.width, facts.height).cost;
      }
      return { model, costUsd, price: { ...price }, priceSource: source };
    });
    const estimate = {
      photoIds,
      models,
      perModel,
      totalUsd: perModel.reduce((sum, m) => sum + m.costUsd, 0),
      providerLabel: PROVIDERS[resolved.provider].label,
    };
    return { estimate, prices };
  }

  function settle(
    ledgerId: number,
    price: ModelPrice['price'],
    upload: UploadImage,
    result: CaptionCallResult,
    latencyMs: number,
  ): number {
    const usage = result.kind === 'ok' || result.kind === 'bad-output' ? result.usage : null;
    // A provider that reports no cost (Mistral) is billed at the model's own price, as it was estimated.
    const computed =
      usage?.inputTokens != null ? tokenCost(price, usage.inputTokens, usage.outputTokens ?? 0) : null;
    const cost = usage?.reportedCost ?? computed ?? 0;
    gate.settle(ledgerId, {
      httpStatus: result.facts.httpStatus,
      latencyMs,
      outcome: result.kind === 'ok' ? 'captioned' : result.kind,
      error: result.kind === 'ok' ? null : 'reason' in result ? result.reason : result.kind,
      billed: usage !== null && (usage.inputTokens !== null || usage.reportedCost !== null),
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
      imageTokens: pixtralImageTokens(upload.width, upload.height),
      reportedCost: usage?.reportedCost ?? null,
      cost,
      generationId: usage?.generationId ?? null,
    });
    return cost;
  }

  async function runAll(
    run: BakeoffRun,
    resolved: ResolvedProvider,
    prices: Map<string, ModelPrice>,
  ): Promise<void> {
    const { uploadMaxPx, uploadMetadata } = settings.tuning();
    for (const photoId of run.photoIds) {
      const facts = bakeoffStore.photoFacts(db, photoId);
      const path = findReadablePathById(db, photoId);
      let upload: UploadImage | null = null;
      let uploadError: string | null = null;
      try {
        if (!facts || path === null) throw new Error('no readable copy of this photo was found on disk');
        upload = await deps.prepareUpload(path, uploadMaxPx, { keepMetadata: uploadMetadata });
      } catch (error) {
        uploadError = error instanceof Error ? error.message : String(error);
      }
      for (const model of run.models) {
        const row = {
          photoId,
          model,
          caption: null,
          tags: [],
          latencyMs: null,
          costUsd: null,
          error: uploadError,
        };
        if (run.stoppedBecause !== null) break;
        if (upload === null || facts === undefined) {
          bakeoffStore.record(db, run.runId, row, isoNow(clock));
        } else {
          const admission = gate.admit(
            {
              photoId,
              photoHash: facts.hash,
              width: facts.width,
              height: facts.height,
              approved: true,
              origin: 'scan',
              attempt: 1,
            },
            resolved.provider,
            model,
            prices.get(model)!.price,
          );
          if (!admission.ok) {
            run.stoppedBecause = admission.reason === 'cap' ? admission.message : 'waiting for approval';
            break;
          }
          const sentAt = Date.now();
          const result = await requestCaption({ ...resolved, model }, upload.dataUrl, {
            timeoutMs: deps.timeoutMs,
          });
          const latencyMs = Date.now() - sentAt;
          const costUsd = settle(admission.ledgerId, prices.get(model)!.price, upload, result, latencyMs);
          bakeoffStore.record(
            db,
            run.runId,
            result.kind === 'ok'
              ? {
                  ...row,
                  caption: result.caption.caption,
                  tags: [...result.caption.tags],
                  latencyMs,
                  costUsd,
                }
              : { ...row, latencyMs, costUsd, error: 'reason' in result ? result.reason : result.kind },
            isoNow(clock),
          );
        }
        run.done += 1;
      }
    }
  }

  return {
    estimate: async (choice: BakeoffChoice): Promise<BakeoffEstimate> => (await plan(choice)).estimate,
    /** Starts the run the user agreed to (after its estimate); answers arrive in `results`. */
    async start(choice: BakeoffChoice & { confirmed: true }): Promise<BakeoffRun> {
      const { estimate: planned, prices } = await plan(choice);
      const resolved = provider();
      const run: BakeoffRun = {
        runId: bakeoffStore.nextRunId(db) + runs.size,
        photoIds: planned.photoIds,
        models: planned.models,
        done: 0,
        total: planned.photoIds.length * planned.models.length,
        finished: false,
        results: [],
        stoppedBecause: null,
      };
      runs.set(run.runId, run);
      void runAll(run, resolved, prices)
        .catch((error: unknown) => {
          log.error('bake-off stopped', { error: String(error) });
          run.stoppedBecause = `stopped: ${String(error)}`;
        })
        .finally(() => {
          run.finished = true;
        });
      return { ...run, results: bakeoffStore.results(db, run.runId) };
    },
    results(runId: number): BakeoffRun {
      const run = runs.get(runId);
      if (!run) throw new UserError('No such bake-off in this session.');
      return { ...run, results: bakeoffStore.results(db, runId) };
    },
    /** "Use this model": the library's captions come from it from now on. */
    useModel(model: string) {
      if (!model.trim()) throw new UserError('Name a model.');
      return settings.update({ model: model.trim() });
    },
  };
}

export type Bakeoff = ReturnType<typeof createBakeoff>;
