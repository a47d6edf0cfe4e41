import type { ResolvedProvider } from '../../settings/settingsStore';
import { boundedFetch, MAX_BATCH_REPLY_BYTES } from '../../providers/boundedReply';

/** Mistral's batch job states (its API's own words). */
export type RemoteBatchStatus =
  'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'TIMEOUT_EXCEEDED' | 'CANCELLATION_REQUESTED' | 'CANCELLED';

export interface RemoteBatch {
  id: string;
  status: RemoteBatchStatus;
  outputFile: string | null;
  errorFile: string | null;
}

export interface BatchLine {
  customId: string;
  status: number | null;
  body: unknown;
  error: string | null;
}

const TERMINAL = new Set<RemoteBatchStatus>(['SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLED']);

export function isFinished(status: RemoteBatchStatus): boolean {
  return TERMINAL.has(status);
}

/** The few calls of Mistral's batch API that Shoebox needs: upload, create, look, cancel, download. */
export function createBatchClient(resolved: ResolvedProvider, unbounded: typeof fetch = fetch) {
  // Every reply, the results file included, is cut off past what a batch can hold.
  const fetchImpl = boundedFetch(MAX_BATCH_REPLY_BYTES, unbounded);
  const base = resolved.baseUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${resolved.apiKey ?? ''}` };

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetchImpl(`${base}${path}`, { ...init, headers: { ...headers, ...init.headers } });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`the batch API answered HTTP ${response.status} for ${path}: ${text.slice(0, 200)}`);
    }
    return response;
  }

  function remote(body: Record<string, unknown>): RemoteBatch {
    return {
      id: String(body.id),
      status: String(body.status) as RemoteBatchStatus,
      outputFile: typeof body.output_file === 'string' ? body.output_file : null,
      errorFile: typeof body.error_file === 'string' ? body.error_file : null,
    };
  }

  return {
    async upload(jsonl: string, filename: string): Promise<string> {
      const form = new FormData();
      form.append('purpose', 'batch');
      form.append('file', new Blob([jsonl], { type: 'application/jsonl' }), filename);
      const body = (await (await call('/files', { method: 'POST', body: form })).json()) as { id: string };
      return body.id;
    },
    async create(inputFile: string, model: string, metadata: Record<string, string>): Promise<RemoteBatch> {
      const response = await call('/batch/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input_files: [inputFile], model, endpoint: '/v1/chat/completions', metadata }),
      });
      return remote((await response.json()) as Record<string, unknown>);
    },
    async get(id: string): Promise<RemoteBatch> {
      return remote(
        (await (await call(`/batch/jobs/${encodeURIComponent(id)}`)).json()) as Record<string, unknown>,
      );
    },
    async cancel(id: string): Promise<RemoteBatch> {
      const response = await call(`/batch/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      return remote((await response.json()) as Record<string, unknown>);
    },
    async lines(fileId: string): Promise<BatchLine[]> {
      const text = await (await call(`/files/${encodeURIComponent(fileId)}/content`)).text();
      const lines: BatchLine[] = [];
      for (const raw of text.split('\n')) {
        if (!raw.trim()) continue;
        try {
          const line = JSON.parse(raw) as {
            custom_id?: unknown;
            response?: { status_code?: unknown; body?: unknown } | null;
            error?: { message?: unknown } | null;
          };
          if (typeof line.custom_id !== 'string') continue;
          lines.push({
            customId: line.custom_id,
            status: typeof line.response?.status_code === 'number' ? line.response.status_code : null,
            body: line.response?.body ?? null,
            error: line.error && typeof line.error.message === 'string' ? line.error.message : null,
          });
        } catch {
          // A line that is not JSON names no photo: its photo is handled as one without a result.
        }
      }
      return lines;
    },
  };
}

export type BatchClient = ReturnType<typeof createBatchClient>;
