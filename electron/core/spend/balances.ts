import { MAX_SMALL_REPLY_BYTES, readBoundedReply } from '../providers/boundedReply';
import type { ProviderBalance, ProviderId } from '../../../shared/types';

function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

/**
 * Remaining credit from the gateways that publish it: OpenRouter's key endpoint and Vercel's credits
 * endpoint. Mistral and local servers have none, so they are not asked.
 */
export async function fetchBalance(
  provider: ProviderId,
  baseUrl: string,
  apiKey: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ProviderBalance | null> {
  if (provider !== 'openrouter' && provider !== 'vercel') return null;
  const url = `${baseUrl.replace(/\/+$/, '')}/${provider === 'openrouter' ? 'key' : 'credits'}`;
  try {
    const response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      return {
        provider,
        remainingUsd: null,
        usedUsd: null,
        error: `The balance endpoint answered ${response.status}`,
      };
    }
    const body = JSON.parse(await readBoundedReply(response, MAX_SMALL_REPLY_BYTES)) as Record<
      string,
      unknown
    >;
    if (provider === 'vercel') {
      return {
        provider,
        remainingUsd: toNumber(body.balance),
        usedUsd: toNumber(body.total_used),
        error: null,
      };
    }
    const data = (typeof body.data === 'object' && body.data !== null ? body.data : body) as Record<
      string,
      unknown
    >;
    return {
      provider,
      remainingUsd: toNumber(data.limit_remaining),
      usedUsd: toNumber(data.usage),
      error: null,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { provider, remainingUsd: null, usedUsd: null, error: `Could not read the balance: ${reason}` };
  }
}
