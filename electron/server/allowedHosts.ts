// The names a server bound beyond loopback answers to when the user listed none: the machine's own
// hostname (and its mDNS `.local` form) and the address it is bound to, or, bound to every interface, each
// interface's address. Anything else in a Host header is a foreign name and is refused.
import type { NetworkInterfaceInfo } from 'node:os';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];
const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host.toLowerCase());
}

export function defaultAllowedHosts(
  bindHost: string,
  hostname: string,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
  const names = new Set<string>();
  const machine = hostname.trim().toLowerCase();
  if (machine !== '' && machine !== 'localhost') {
    names.add(machine);
    if (!machine.includes('.')) names.add(`${machine}.local`);
  }
  if (WILDCARD_HOSTS.includes(bindHost)) {
    const wantV6 = bindHost !== '0.0.0.0';
    for (const info of Object.values(interfaces).flat()) {
      if (!info || info.internal) continue;
      if (info.family === 'IPv4') names.add(info.address);
      else if (wantV6 && !info.address.includes('%')) names.add(`[${info.address}]`);
    }
  } else if (!isLoopbackHost(bindHost)) {
    names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  }
  return [...names];
}
