import { describe, expect, it } from 'vitest';
import { createHostPolicy, parseHostEntry } from './hostPolicy';

describe('createHostPolicy', () => {
  const policy = createHostPolicy(4310, ['nas.local', '192.168.1.20', '[fe80::1]', 'proxy.example:8443']);

  it('allows loopback on the server port only', () => {
    expect(policy.allowsHost('127.0.0.1:4310')).toBe(true);
    expect(policy.allowsHost('localhost:4310')).toBe(true);
    expect(policy.allowsHost('[::1]:4310')).toBe(true);
    expect(policy.allowsHost('localhost:4311')).toBe(false);
    expect(policy.allowsHost('localhost')).toBe(false);
  });

  it('allows a listed name with no port or the server port, and a listed port exactly', () => {
    expect(policy.allowsHost('nas.local')).toBe(true);
    expect(policy.allowsHost('nas.local:4310')).toBe(true);
    expect(policy.allowsHost('nas.local.')).toBe(true);
    expect(policy.allowsHost('192.168.1.20:4310')).toBe(true);
    expect(policy.allowsHost('[fe80::1]:4310')).toBe(true);
    expect(policy.allowsHost('nas.local:9999')).toBe(false);
    expect(policy.allowsHost('proxy.example:8443')).toBe(true);
    expect(policy.allowsHost('proxy.example')).toBe(false);
  });

  it('refuses every other name, and malformed headers', () => {
    for (const header of [
      undefined,
      '',
      'evil.example',
      'evil.example:4310',
      'nas.local@evil',
      'a b',
      'x.nas.local',
    ]) {
      expect(policy.allowsHost(header), String(header)).toBe(false);
    }
  });

  it('allows an Origin only on an allowed host, over http or https', () => {
    expect(policy.allowsOrigin('http://127.0.0.1:4310')).toBe(true);
    expect(policy.allowsOrigin('https://proxy.example:8443')).toBe(true);
    expect(policy.allowsOrigin('http://nas.local:4310')).toBe(true);
    expect(policy.allowsOrigin('http://evil.example:4310')).toBe(false);
    expect(policy.allowsOrigin('null')).toBe(false);
    expect(policy.allowsOrigin('file://nas.local')).toBe(false);
    expect(policy.allowsOrigin('http://user@nas.local')).toBe(false);
  });

  it('rejects a malformed entry at startup with a readable message', () => {
    expect(() => parseHostEntry('http://nas.local')).toThrow(/Not a host name/);
    expect(() => parseHostEntry('')).toThrow(/Not a host name/);
    expect(parseHostEntry('NAS.local:08443')).toEqual({ name: 'nas.local', port: '8443' });
  });
});
