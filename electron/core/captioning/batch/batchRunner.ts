import type { Database } from 'better-sqlite3';
import { UserError } from '../../../../shared/contract';
import { tokenCost } from '../../../../shared/costModel';
import type { BatchInfo } from '../../../../shared/types';
import { isoNow, type Clock } from '../../clock';
import { dataUrlText } from '../../imaging/dataUrl';
import { findReadablePathById } from '../../stores/photosStore';
import {
  activeBatchIds,
  addToBatch,
  allBatches,
  batchById,
  batchCandidates,
  batchMembers,
  failBatchJob,
  finishBatch,
  giveBackToQueue,
  insertBatch,
  markBatchRunning,
  type BatchRow,
} from '../../stores/captionBatchesStore';
import type { Log } from '../../log';
import type { ResolvedProvider, SettingsStore } from '../../settings/settingsStore';
import type { SpendGate } from '../../spend/spendGate';
import type { OutcomeRecorder, UploadImage } from '../outcomes';
import { classifyReply } from '../providerClient';
import { buildCaptionRequest } from '../request';
import { createBatchClient, isFinished, type BatchLine, type RemoteBatch } from './batchClient';
import { BATCH_DISCOUNT, BATCH_TIMEOUT_HOURS } from './batchOffer';

const STATE_AFTER: Record<string, BatchInfo['state']> = {
  SUCCESS: 'done',
  FAILED: 'failed',
  TIMEOUT_EXCEEDED: 'expired',
  CANCELLED: 'cancelled',
};

export interface BatchRunnerDeps {
  db: Database;
  clock: Clock;
  log: Log;
  settings: SettingsStore;
  gate: SpendGate;
  recorder: OutcomeRecorder;
  prepareUpload: (path: string, maxSide: number, options: { keepMetadata: boolean }) => Promise<UploadImage>;
  /** Something changed that the queue's counts show. */
  onChange: () => void;
  pollMs?: number;
  fetch?: typeof fetch;
}

const customIdOf = (photoId: number) => `photo-${photoId}`;
const photoIdOf = (customId: string) => Number(/^photo-(\d+)$/.exec(customId)?.[1] ?? NaN);

/**
 * The batch route: the same caption jobs sent as one job to Mistral's batch API instead of one call each.
 * The batch is persisted (caption_batches, and each job marked with it), so a restart goes on polling it;
 * its worst case is reserved against the caps up front; its results are checked like any reply; a photo it
 * did not answer (cancelled, expired) goes back to waiting for approval, and the bill is what was charged.
 */
export function createBatchRunner(deps: BatchRunnerDeps) {
  const { db, clock, log, settings, gate, recorder } = deps;
  const pollMs = deps.pollMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = true;
  const submitting = new Set<Promise<void>>();

  function info(row: BatchRow): BatchInfo {
    return {
      id: row.id,
      provider: row.provider as BatchInfo['provider'],
      model: row.model,
      state: row.state,
      photos: row.photos,
      captioned: row.captioned,
      failed: row.failed,
      returned: row.returned,
      reservedUsd: row.reserved_cost ?? 0,
      billedUsd: row.billed_cost,
      error: row.error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      expectedBy:
        row.state === 'running' || row.state === 'submitting'
          ? new Date(Date.parse(row.created_at) + BATCH_TIMEOUT_HOURS * 3_600_000).toISOString()
          : null,
    };
  }

  function row(id: number): BatchRow {
    const found = batchById(db, id);
    if (!found) throw new UserError('There is no such batch.');
    return found;
  }

  function provider(): ResolvedProvider {
    const resolved = settings.resolveProvider();
    if ('error' in resolved) throw new UserError(resolved.error);
    if (resolved.provider !== 'mistral') {
      throw new UserError(
        'The batch route is offered by Mistral only: choose Mistral in Settings to use it.',
      );
    }
    return resolved;
  }

  /** Ends a batch: stores each answer, fails each bad line with its reason, gives back the rest, settles. */
  function settleBatch(
    batch: BatchRow,
    remote: RemoteBatch,
    lines: BatchLine[],
    resolved: ResolvedProvider,
  ): number[] {
    const price = gate.priceFor('mistral');
    const stored: number[] = [];
    db.transaction(() => {
      const members = new Set(batchMembers(db, batch.id));
      let captioned = 0;
      let failed = 0;
      let cost = 0;
      let inputTokens = 0;
      let outputTokens = 0;
      const at = isoNow(clock);
      const failWith = (photoId: number, reason: string) => {
        failBatchJob(db, photoId, reason, at);
        failed += 1;
      };
      for (const line of lines) {
        const photoId = photoIdOf(line.customId);
        if (!members.delete(photoId)) continue;
        const body =
          line.body !== null && typeof line.body === 'object' ? (line.body as Record<string, unknown>) : null;
        if (line.status !== 200 || body === null) {
          failWith(
            photoId,
            `the batch could not caption this photo: ${line.error ?? `HTTP ${line.status ?? '?'}`}`,
          );
          continue;
        }
        const outcome = classifyReply({ ...resolved, model: batch.model }, body, null);
        const usage = outcome.kind === 'ok' || outcome.kind === 'bad-output' ? outcome.usage : null;
        if (usage?.inputTokens != null) {
          inputTokens += usage.inputTokens;
          outputTokens += usage.outputTokens ?? 0;
          cost += tokenCost(price, usage.inputTokens, usage.outputTokens ?? 0) * BATCH_DISCOUNT;
        }
        if (outcome.kind === 'ok') {
          if (recorder.storeResult(photoId, 'mistral', outcome)) stored.push(photoId);
          captioned += 1;
        } else {
          failWith(
            photoId,
            `the batch's answer was not usable: ${'reason' in outcome ? outcome.reason : outcome.kind}`,
          );
        }
      }
      for (const photoId of members) giveBackToQueue(db, batch.id, photoId);
      const state = STATE_AFTER[remote.status] ?? 'failed';
      if (batch.ledger_id !== null) {
        gate.settle(batch.ledger_id, {
          httpStatus: 200,
          latencyMs: Date.parse(at) - Date.parse(batch.created_at),
          outcome: `batch-${state}`,
          error:
            members.size > 0 ? `${members.size} photos were not answered and wait for approval again` : null,
          billed: cost > 0,
          inputTokens,
          outputTokens,
          imageTokens: null,
          reportedCost: null,
          cost,
          generationId: remote.id,
          answeredModel: batch.model,
        });
      }
      finishBatch(db, batch.id, {
        state,
        captioned,
        failed,
        returned: members.size,
        billedCost: cost,
        error: null,
        finishedAt: at,
      });
    })();
    return stored;
  }

  /** Builds and sends the batch's JSONL; a failure before the job exists gives every photo back, unbilled. */
  async function send(batchId: number, resolved: ResolvedProvider): Promise<void> {
    const client = createBatchClient(resolved, deps.fetch);
    const lines: string[] = [];
    const { uploadMaxPx, uploadMetadata } = settings.tuning();
    try {
      for (const photoId of batchMembers(db, batchId)) {
        if (stopped) throw new Error('Shoebox stopped before the batch was sent');
        const path = findReadablePathById(db, photoId);
        if (path === null) continue;
        const upload = await deps.prepareUpload(path, uploadMaxPx, { keepMetadata: uploadMetadata });
        const body = buildCaptionRequest('mistral', resolved.model, dataUrlText(upload.dataUrl), null, {
          language: resolved.captionLanguage ?? 'en',
          preferredWords: resolved.preferredWords ?? [],
        });
        lines.push(JSON.stringify({ custom_id: customIdOf(photoId), body }));
      }
      const inputFile = await client.upload(lines.join('\n'), `shoebox-batch-${batchId}.jsonl`);
      const remote = await client.create(inputFile, resolved.model, { shoebox_batch: String(batchId) });
      markBatchRunning(db, batchId, remote.id, inputFile);
      log.info('caption batch sent', { batchId, remoteId: remote.id, photos: lines.length });
    } catch (error) {
      abandon(batchId, error instanceof Error ? error.message : String(error));
    }
    deps.onChange();
  }

  function abandon(batchId: number, reason: string): void {
    log.warn('caption batch not sent', { batchId, reason });
    const batch = row(batchId);
    db.transaction(() => {
      const members = batchMembers(db, batchId);
      for (const photoId of members) giveBackToQueue(db, batchId, photoId);
      if (batch.ledger_id !== null) {
        gate.settle(batch.ledger_id, {
          httpStatus: null,
          latencyMs: 0,
          outcome: 'batch-not-sent',
          error: reason,
          billed: false,
          inputTokens: null,
          outputTokens: null,
          imageTokens: null,
          reportedCost: null,
          cost: 0,
          generationId: null,
        });
      }
      finishBatch(db, batchId, {
        state: 'failed',
        captioned: 0,
        failed: 0,
        returned: members.length,
        billedCost: 0,
        error: reason,
        finishedAt: isoNow(clock),
      });
    })();
  }

  async function pollOnce(): Promise<void> {
    for (const id of activeBatchIds(db)) {
      if (stopped) return;
      const batch = row(id);
      if (batch.state !== 'running' || batch.remote_id === null) continue;
      const resolved = settings.resolveProvider();
      if ('error' in resolved || resolved.provider !== batch.provider) continue;
      try {
        const client = createBatchClient(resolved, deps.fetch);
        const remote = await client.get(batch.remote_id);
        if (!isFinished(remote.status)) continue;
        const lines = remote.outputFile ? await client.lines(remote.outputFile) : [];
        const errors = remote.errorFile ? await client.lines(remote.errorFile) : [];
        if (stopped) return;
        const stored = settleBatch(row(id), remote, [...lines, ...errors], resolved);
        recorder.announce(stored);
        log.info('caption batch finished', { batchId: id, state: remote.status, captioned: stored.length });
        deps.onChange();
      } catch (error) {
        // The provider is unreachable or said no: the batch stays as it is and is asked again next time.
        log.warn('could not check a caption batch', { batchId: id, error: String(error) });
      }
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      polling = pollOnce().finally(() => {
        polling = null;
        schedule();
      });
    }, pollMs);
    timer.unref?.();
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      // A crash while building the batch left it unsent: its photos go back, nothing was billed.
      for (const id of activeBatchIds(db)) {
        if (row(id).state === 'submitting') abandon(id, 'Shoebox stopped before the batch was sent');
      }
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.allSettled([...submitting, polling]);
    },
    /** Sends what waits (up to `limit` photos) as one batch job. Choosing the batch is the approval. */
    submit(limit = 50_000): BatchInfo {
      const resolved = provider();
      const photos = batchCandidates(db, limit);
      if (photos.length === 0) throw new UserError('No photos are waiting for a caption.');
      const batchId = db.transaction(() => {
        const admission = gate.admitBatch(photos, 'mistral', resolved.model, BATCH_DISCOUNT);
        if (!admission.ok) throw new UserError(admission.message);
        const id = insertBatch(db, {
          provider: 'mistral',
          model: resolved.model,
          photos: photos.length,
          ledgerId: admission.ledgerId,
          createdAt: isoNow(clock),
        });
        for (const photo of photos) addToBatch(db, id, photo.photoId);
        return id;
      })();
      const sending = send(batchId, resolved);
      submitting.add(sending);
      void sending.finally(() => submitting.delete(sending));
      deps.onChange();
      return info(row(batchId));
    },
    async cancel(id: number): Promise<BatchInfo> {
      const batch = row(id);
      if (batch.state !== 'running' || batch.remote_id === null) {
        throw new UserError('Only a batch that is running can be cancelled.');
      }
      const resolved = provider();
      await createBatchClient(resolved, deps.fetch).cancel(batch.remote_id);
      return info(row(id));
    },
    list(): BatchInfo[] {
      return allBatches(db).map(info);
    },
    /** For tests and the window's "check now": polls at once. */
    async pollNow(): Promise<void> {
      await (polling ?? pollOnce());
    },
  };
}

export type BatchRunner = ReturnType<typeof createBatchRunner>;
