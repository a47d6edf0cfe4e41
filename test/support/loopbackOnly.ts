// Tests and benchmarks talk to fake providers on this machine only: never to a real API, whatever the
// developer's shell holds (a real key, SHOEBOX_PROVIDER, a base URL).

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * Throws unless the environment a core or server is started with reaches providers on loopback only: a
 * provider set without a base URL would go to that provider's real server.
 */
export function assertLoopbackProvider(env: Record<string, string | undefined>): void {
  const baseUrl = env.SHOEBOX_BASE_URL?.trim();
  if (baseUrl) {
    if (!isLoopbackUrl(baseUrl)) throw new Error(`refusing a provider off loopback: ${baseUrl}`);
    return;
  }
  const provider = env.SHOEBOX_PROVIDER?.trim();
  if (provider) {
    throw new Error(
      `refusing SHOEBOX_PROVIDER=${provider} without a loopback SHOEBOX_BASE_URL: it would reach a real API`,
    );
  }
}
