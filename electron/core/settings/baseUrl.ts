// What a provider's base URL may be: an http(s) server address that the OpenAI SDK can append paths to.
// Checked where a URL enters (Settings) and again where one is used (the environment's, an older stored
// one), so a URL that could only fail at every caption, or that carries a password, never gets that far.

/** Why `text` is no usable base URL, or null when it is one. Never repeats a password it holds. */
export function baseUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `The base URL "${text}" is not a web address: write it as http://host:port/path or https://…`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The base URL must start with http:// or https:// (got "${url.protocol}")`;
  }
  if (url.username !== '' || url.password !== '') {
    // Settings shows the base URL to anyone who opens it; a key belongs in the key field, which is write-only.
    return 'The base URL must not hold a user name or password: enter the key in the key field instead';
  }
  if (url.hostname === '') return `The base URL "${text}" names no server`;
  if (url.search !== '' || url.hash !== '') {
    // The SDK appends /chat/completions to the URL: a query or fragment would swallow it.
    return `The base URL must end with its path, without "?…" or "#…" (got "${text}")`;
  }
  return null;
}
