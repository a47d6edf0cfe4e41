import { describe, expect, it } from 'vitest';
import { isAppUrl } from './origin';
import { isPermissionGranted } from './permissions';

describe('isPermissionGranted', () => {
  it('grants only a listed permission, and only to the app', () => {
    const isApp = (url: string) => isAppUrl(url);
    expect(isPermissionGranted('media', 'shoebox://app/index.html', isApp)).toBe(false);
    const listed = new Set(['clipboard-sanitized-write']);
    expect(isPermissionGranted('clipboard-sanitized-write', 'shoebox://app/index.html', isApp, listed)).toBe(
      true,
    );
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example/', isApp, listed)).toBe(
      false,
    );
    expect(isPermissionGranted('media', 'shoebox://app/index.html', isApp, listed)).toBe(false);
  });
});
