// A provider's reply read up to a limit. Whatever answers at the configured address decides how long its
// reply is; one that never ends (or sends a gigabyte) must not fill memory until the request times out.

/** Far above OpenRouter's full model list (a few MB), the largest reply a GET here expects. */
export const MAX_LIST_REPLY_BYTES = 16 * 1024 * 1024;
/** A key's or account's balance: a few hundred bytes. */
export const MAX_BALANCE_REPLY_BYTES = 1024 * 1024;

/** The reply's text, or an Error saying it is too large once more than `maxBytes` have arrived. */
export async function readBoundedReply(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new Error(`its reply is too large (more than ${maxBytes / (1024 * 1024)} MB)`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
