import type { Database } from 'better-sqlite3';
import { pixtralImageTokens } from '../../../shared/imageTokens';
import { tokenCost } from '../../../shared/costModel';
import { isoNow, type Clock } from '../clock';
import type { DataUrlBytes } from '../imaging/dataUrl';
import { markCaptioned } from '../stores/captionsStore';
import type { Log } from '../log';
import type { ResolvedProvider } from '../settings/settingsStore';
import { interruptCall, type CallOutcome } from '../spend/ledger';
import type { SpendGate } from '../spend/spendGate';
import { storeModelSuggestion } from '../review/modelOutput';
import { PROMPT_VERSION } from './prompt';
import type { CaptionCallResult, CaptionOutcome } from './providerClient';
import type { JobStore } from './jobStore';

export interface UploadImage {
  dataUrl: DataUrlBytes;
  width: number;
  height: number;
}

/** Called after a photo's caption is stored and committed: listeners may read and write the catalogue. */
export type CaptionStoredListener = (photoId: number) => void;

/** The ledger line for one call's result: what it cost and how it ended. */
export function callOutcome(
  price: Parameters<typeof tokenCost>[0],
  upload: Pick<UploadImage, 'width' | 'height'>,
  result: Exclude<CaptionCallResult, { kind: 'aborted' }>,
  latencyMs: number,
): CallOutcome {
  const usage = result.kind === 'ok' || result.kind === 'bad-output' ? result.usage : null;
  // A provider bills a call that reported usage: a reply was generated, even if it was useless.
  const billed = usage !== null && (usage.inputTokens !== null || usage.reportedCost !== null);
  const computed =
    usage?.inputTokens != null ? tokenCost(price, usage.inputTokens, usage.outputTokens ?? 0) : null;
  return {
    httpStatus: result.facts.httpStatus,
    latencyMs,
    outcome: result.kind === 'ok' ? 'captioned' : result.kind,
    error: result.kind === 'ok' ? null : result.reason,
    billed,
    inputTokens: usage?.inputTokens ?? null,
    outputTokens: usage?.outputTokens ?? null,
    imageTokens: pixtralImageTokens(upload.width, upload.height),
    reportedCost: usage?.reportedCost ?? null,
    cost: usage?.reportedCost ?? computed ?? 0,
    generationId: usage?.generationId ?? null,
    answeredModel: result.kind === 'ok' ? result.model : null,
  };
}

/**
 * Writes what one call produced: its bill, and for a caption the caption itself, in one transaction, so a
 * crash between the two can never send the photo again or lose what it cost.
 */
export function createOutcomeRecorder(deps: {
  db: Database;
  clock: Clock;
  jobs: JobStore;
  gate: SpendGate | undefined;
  log: Log;
}) {
  const { db, clock, jobs, gate, log } = deps;
  const listeners = new Set<CaptionStoredListener>();

  function notify(photoId: number): void {
    for (const listener of listeners) {
      // The caption is stored whatever a listener does: its failure is its own, not the photo's.
      try {
        listener(photoId);
      } catch (error) {
        log.error('a caption-stored listener failed', { photoId, error: String(error) });
      }
    }
  }

  /** Runs inside the transaction that settles the call's bill. False when the photo went meanwhile. */
  function storeResult(
    photoId: number,
    provider: ResolvedProvider['provider'],
    outcome: Extract<CaptionOutcome, { kind: 'ok' }>,
  ): boolean {
    // Its folder was removed while the call was out: the bill stands, there is nothing to caption.
    if (!jobs.photoExists(photoId)) return false;
    const at = isoNow(clock);
    markCaptioned(db, photoId, {
      model: outcome.model,
      provider,
      promptVersion: PROMPT_VERSION,
      inputTokens: outcome.usage.inputTokens,
      outputTokens: outcome.usage.outputTokens,
      reportedCost: outcome.usage.reportedCost,
      at,
    });
    storeModelSuggestion(db, photoId, {
      caption: outcome.caption.caption,
      tags: outcome.caption.tags,
      model: outcome.model,
      promptVersion: PROMPT_VERSION,
      at,
    });
    jobs.remove(photoId);
    return true;
  }

  function settle(
    ledgerId: number,
    provider: ResolvedProvider['provider'],
    upload: UploadImage,
    result: CaptionCallResult,
    latencyMs: number,
  ): void {
    if (result.kind === 'aborted') return interruptCall(db, ledgerId);
    gate!.settle(ledgerId, callOutcome(gate!.priceFor(provider), upload, result, latencyMs));
  }

  return {
    /** Settles the bill (when the gate reserved one) and stores a caption when the call produced one. */
    record(
      photoId: number,
      ledgerId: number | null,
      provider: ResolvedProvider['provider'],
      upload: UploadImage,
      result: CaptionCallResult,
      latencyMs: number,
    ): void {
      if (result.kind !== 'ok') {
        if (ledgerId !== null) settle(ledgerId, provider, upload, result, latencyMs);
        return;
      }
      const stored = db.transaction(() => {
        if (ledgerId !== null) settle(ledgerId, provider, upload, result, latencyMs);
        return storeResult(photoId, provider, result);
      })();
      if (stored) notify(photoId);
    },
    storeResult,
    /** Tells the listeners about captions stored elsewhere (a batch's results), once committed. */
    announce(photoIds: readonly number[]): void {
      for (const photoId of photoIds) notify(photoId);
    },
    onCaptionStored(listener: CaptionStoredListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type OutcomeRecorder = ReturnType<typeof createOutcomeRecorder>;
