// An access token for browser mode bound beyond loopback. The allowed-host check stops web pages from
// reaching Shoebox through a browser, but anyone on the network can still talk to it directly; the token
// makes them need the link Shoebox prints at startup. Requests from this machine (loopback) need no token,
// so local use, scripts and a reverse proxy on the same machine (which does its own authentication) are
// unchanged. The link's `?token=` becomes an HttpOnly, SameSite=Strict cookie, so the token leaves the
// address bar at once and no other site can send it along.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_COOKIE = 'shoebox_token';

export type AccessDecision =
  | { kind: 'allow' }
  /** The right token in the URL: set the cookie and send the browser to `location` without it. */
  | { kind: 'grant'; location: string; cookie: string }
  | { kind: 'deny' };

export interface AccessRequest {
  remoteAddress: string | undefined;
  method: string | undefined;
  /** Path and query, as in the request line. */
  url: string;
  cookie: string | undefined;
  authorization: string | undefined;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function createAccessGate(token: string): (request: AccessRequest) => AccessDecision {
  const expected = digest(token);
  const matches = (candidate: string | null | undefined) =>
    candidate !== null && candidate !== undefined && timingSafeEqual(digest(candidate), expected);
  return (request) => {
    if (isLoopbackAddress(request.remoteAddress)) return { kind: 'allow' };
    const url = new URL(request.url, 'http://placeholder');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '')?.[1];
    if (matches(cookieValue(request.cookie, TOKEN_COOKIE)) || matches(bearer)) return { kind: 'allow' };
    if ((request.method === 'GET' || request.method === 'HEAD') && matches(url.searchParams.get('token'))) {
      url.searchParams.delete('token');
      return {
        kind: 'grant',
        location: `${url.pathname}${url.search}`,
        cookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000`,
      };
    }
    return { kind: 'deny' };
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The data folder's token, made (0600) on first use, so the link stays valid across restarts. */
export function loadOrCreateAccessToken(dataDir: string): string {
  const file = join(dataDir, 'access-token');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  } catch {
    // None yet: make one.
  }
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
