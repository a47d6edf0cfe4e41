import { describe, expect, it } from 'vitest';
import { devServerUrlFor, isAppUrl } from './origin';

describe('isAppUrl', () => {
  it('accepts the app on its own scheme and nothing else', () => {
    expect(isAppUrl('shoebox://app/index.html')).toBe(true);
    expect(isAppUrl('shoebox://app/index.html#/photos/12')).toBe(true);
    // Any index.html on the disk used to pass for the app: a page saved from the web, an unpacked archive.
    expect(isAppUrl('file:///app/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///home/someone/Downloads/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('shoebox://thumb/index.html')).toBe(false);
    expect(isAppUrl('shoebox://app.evil.example/index.html')).toBe(false);
    expect(isAppUrl('shoebox://someone@app/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });

  it('with a dev server, accepts only its origin', () => {
    expect(isAppUrl('http://localhost:5173/#/search', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('shoebox://app/index.html', 'http://localhost:5173/')).toBe(false);
  });
});

describe('devServerUrlFor', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };

  it('honours ELECTRON_RENDERER_URL in development only', () => {
    expect(devServerUrlFor({ isPackaged: false, env })).toBe('http://localhost:5173/');
    expect(devServerUrlFor({ isPackaged: true, env })).toBeUndefined();
    expect(devServerUrlFor({ isPackaged: false, env: {} })).toBeUndefined();
  });

  it('ignores a dev server that is not on this machine, or not a web URL', () => {
    for (const value of [
      'https://evil.example/',
      'http://192.168.1.10:5173/',
      'file:///tmp/index.html',
      'javascript:alert(1)',
      'localhost:5173',
    ]) {
      expect(
        devServerUrlFor({ isPackaged: false, env: { ELECTRON_RENDERER_URL: value } }),
        value,
      ).toBeUndefined();
    }
    expect(
      devServerUrlFor({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' } }),
    ).toBe('http://127.0.0.1:5173/');
  });
});
