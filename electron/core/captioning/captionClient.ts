import OpenAI from 'openai';
import type { ResolvedProvider } from '../settings/settingsStore';
import { boundedFetch, MAX_CAPTION_REPLY_BYTES } from '../providers/boundedReply';

/** Clients by the fetch they send with (a test's own, or the global one), then by address, key and timeout. */
const clients = new WeakMap<typeof fetch, Map<string, OpenAI>>();
/** More than a few means settings keep changing: the old ones are simply dropped. */
const MAX_CLIENTS_PER_FETCH = 8;

/**
 * The SDK client for a provider, made once and kept: making one builds every resource of the API (a couple
 * of milliseconds of the main thread per caption), and a client holds nothing of a call once it is over.
 * The SDK's own retries are off (maxRetries: 0): the queue owns retries, backoff and pausing, and two retry
 * layers would multiply waits and bills.
 */
export function captionClient(
  resolved: Pick<ResolvedProvider, 'baseUrl' | 'apiKey'>,
  timeoutMs: number,
  sendWith: typeof fetch,
): OpenAI {
  let byConfig = clients.get(sendWith);
  if (!byConfig) clients.set(sendWith, (byConfig = new Map()));
  const key = JSON.stringify([resolved.baseUrl, resolved.apiKey, timeoutMs]);
  let client = byConfig.get(key);
  if (!client) {
    if (byConfig.size >= MAX_CLIENTS_PER_FETCH) byConfig.clear();
    client = new OpenAI({
      baseURL: resolved.baseUrl,
      // The SDK insists on a key; local servers ignore the header.
      apiKey: resolved.apiKey ?? 'no-key',
      // Never pick up OPENAI_* variables from the environment.
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: timeoutMs,
      // Whatever answers decides how long its reply is: one that never ends must not fill memory until the timeout.
      fetch: boundedFetch(MAX_CAPTION_REPLY_BYTES, sendWith),
    });
    byConfig.set(key, client);
  }
  return client;
}
