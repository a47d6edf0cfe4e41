// Which names a request may use to reach the server. A page on another site can make the browser talk to
// us by rebinding its own name to our address (DNS rebinding): the browser then sends that foreign name as
// Host. So the Host header must be one we chose, never "whatever the request says", and a POST's Origin
// must name one of the same hosts (comparing it with the request's own Host would let the attacker pick
// both). The loopback names are always allowed, on the server's own port only.

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface HostPolicy {
  /** True when a Host header names this server by an allowed name. */
  allowsHost(hostHeader: string | undefined): boolean;
  /** True when an Origin header is an http(s) origin on an allowed host. */
  allowsOrigin(origin: string): boolean;
}

interface HostEntry {
  name: string;
  /** null: the entry matches the name with no port or with the server's own port. */
  port: string | null;
}

/**
 * `extraHosts` are names such as `nas.local`, `192.168.1.20` or `nas.local:8443` (a reverse proxy's port).
 * An entry without a port matches that name with no port (a proxy on 80/443) or with the server's port.
 */
export function createHostPolicy(port: number, extraHosts: readonly string[] = []): HostPolicy {
  const loopback = LOOPBACK_NAMES.map((name) => ({ name, port: String(port) }));
  const entries: HostEntry[] = [...loopback, ...extraHosts.map(parseHostEntry)];
  const allowsHost = (hostHeader: string | undefined): boolean => {
    if (hostHeader === undefined) return false;
    const requested = splitHost(hostHeader);
    if (!requested) return false;
    return entries.some((entry) => {
      if (entry.name !== requested.name) return false;
      if (entry.port !== null) return entry.port === requested.port;
      return requested.port === null || requested.port === String(port);
    });
  };
  return {
    allowsHost,
    allowsOrigin: (origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
      if (url.origin !== origin.replace(/\/$/, '')) return false;
      return allowsHost(url.host);
    },
  };
}

/** A command-line entry, checked so that a typo fails at startup rather than locking everyone out. */
export function parseHostEntry(text: string): HostEntry {
  const entry = splitHost(text.trim());
  if (!entry || entry.name === '') {
    throw new Error(`Not a host name: "${text}" (expected e.g. nas.local, 192.168.1.20 or nas.local:8443)`);
  }
  return entry;
}

function splitHost(text: string): HostEntry | null {
  const match = /^(\[[0-9a-f:.]+\]|[^\s:/[\]@]+?)\.?(?::(\d{1,5}))?$/i.exec(text);
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), port: match[2] === undefined ? null : String(Number(match[2])) };
}
