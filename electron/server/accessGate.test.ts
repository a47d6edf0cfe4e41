import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createAccessGate,
  isLoopbackAddress,
  loadOrCreateAccessToken,
  type AccessRequest,
} from './accessGate';

const TOKEN = 'x'.repeat(32);
const gate = createAccessGate(TOKEN);
const from = (remoteAddress: string, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  remoteAddress,
  method: 'GET',
  url: '/',
  cookie: undefined,
  authorization: undefined,
  ...extra,
});

describe('access gate', () => {
  it('lets loopback in without a token, as before', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('192.168.1.5')).toBe(false);
    expect(isLoopbackAddress('::ffff:10.0.0.1')).toBe(false);
    expect(gate(from('127.0.0.1', { url: '/api/folders.list', method: 'POST' }))).toEqual({ kind: 'allow' });
  });

  it('refuses another machine without the token, or with a wrong one', () => {
    expect(gate(from('192.168.1.5'))).toEqual({ kind: 'deny' });
    expect(gate(from('192.168.1.5', { url: '/?token=wrong' }))).toEqual({ kind: 'deny' });
    expect(gate(from('192.168.1.5', { cookie: 'shoebox_token=wrong' }))).toEqual({ kind: 'deny' });
    // The link only works for a page load, never to smuggle the token into a POST.
    expect(gate(from('192.168.1.5', { url: `/api/queue.pause?token=${TOKEN}`, method: 'POST' }))).toEqual({
      kind: 'deny',
    });
  });

  it('turns the link into a strict cookie and drops the token from the address', () => {
    const decision = gate(from('192.168.1.5', { url: `/search?q=1&token=${TOKEN}` }));
    expect(decision).toMatchObject({ kind: 'grant', location: '/search?q=1' });
    const cookie = decision.kind === 'grant' ? decision.cookie : '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const value = cookie.split(';')[0]!;
    expect(gate(from('192.168.1.5', { cookie: `other=1; ${value}`, method: 'POST' }))).toEqual({
      kind: 'allow',
    });
    expect(gate(from('192.168.1.5', { authorization: `Bearer ${TOKEN}` }))).toEqual({ kind: 'allow' });
  });

  it('keeps one token per data folder, readable only by the user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-token-'));
    try {
      const token = loadOrCreateAccessToken(dir);
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(loadOrCreateAccessToken(dir)).toBe(token);
      expect(statSync(join(dir, 'access-token')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
