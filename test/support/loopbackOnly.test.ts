import { describe, expect, it } from 'vitest';
import { assertLoopbackProvider, isLoopbackUrl } from './loopbackOnly';

describe('loopback only', () => {
  it('knows loopback addresses from the rest', () => {
    for (const url of [
      'http://127.0.0.1:8787/v1',
      'http://127.3.2.1/api/v1',
      'http://localhost:1',
      'http://[::1]:9/v1',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://openrouter.ai/api/v1',
      'http://10.0.0.2:8000/v1',
      'http://127.0.0.1.example:1',
      'nonsense',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
  });

  it('refuses a provider that would reach a real server, and lets no provider through', () => {
    expect(() => assertLoopbackProvider({ SHOEBOX_BASE_URL: 'https://api.mistral.ai/v1' })).toThrow(
      /off loopback/,
    );
    expect(() => assertLoopbackProvider({ SHOEBOX_PROVIDER: 'openrouter' })).toThrow(/real API/);
    expect(() =>
      assertLoopbackProvider({ SHOEBOX_PROVIDER: 'mistral', SHOEBOX_BASE_URL: 'http://127.0.0.1:9/v1' }),
    ).not.toThrow();
    expect(() => assertLoopbackProvider({})).not.toThrow();
  });
});
