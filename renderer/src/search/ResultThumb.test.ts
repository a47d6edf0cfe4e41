// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultThumb } from './ResultThumb';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const wait = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe('ResultThumb', () => {
  let host: HTMLDivElement;
  let root: Root;
  const render = (listSettled: boolean) =>
    act(() => root.render(createElement(ResultThumb, { src: 'thumbs/abc', height: 100, listSettled })));
  const image = () => host.querySelector('img');

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  it('asks for its thumbnail only once the cell has stayed a moment', async () => {
    await render(true);
    expect(image()).toBeNull();
    await wait(40);
    expect(image()).toBeNull();
    await wait(200);
    expect(image()?.getAttribute('src')).toBe('thumbs/abc');
  });

  it('a cell that passes by in a fling never asks, and the next cell waits its own moment', async () => {
    const cell = (key: string) =>
      act(() =>
        root.render(
          createElement(ResultThumb, { key, src: `thumbs/${key}`, height: 100, listSettled: true }),
        ),
      );
    await cell('passing');
    await wait(100);
    await cell('next');
    // 160 ms since the first cell appeared: its wait must not carry over to the cell now in its place.
    await wait(60);
    expect(image()).toBeNull();
    await wait(200);
    expect(image()?.getAttribute('src')).toBe('thumbs/next');
  });

  it('waits for the list to settle too, and keeps the thumbnail once shown', async () => {
    await render(false);
    await wait(240);
    expect(image()).toBeNull();
    await render(true);
    expect(image()).not.toBeNull();
    await render(false);
    expect(image()).not.toBeNull();
  });
});
