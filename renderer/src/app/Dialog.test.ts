// @vitest-environment happy-dom
import { act, createElement, createRef, Fragment } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dialog } from './Dialog';
import { modalStack } from './modalStack';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const press = (key: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key })));

describe('Dialog', () => {
  let container: HTMLDivElement;
  let root: Root;
  let closed: string[];

  const show = (names: string[], extra: { initialFocus?: boolean } = {}) => {
    const focusRef = createRef<HTMLButtonElement>();
    act(() =>
      root.render(
        createElement(
          Fragment,
          null,
          ...names.map((name) =>
            createElement(Dialog, {
              key: name,
              label: name,
              onClose: () => closed.push(name),
              initialFocus: extra.initialFocus ? focusRef : undefined,
              children: createElement('button', { ref: focusRef, type: 'button' }, `close ${name}`),
            }),
          ),
        ),
      ),
    );
    return focusRef;
  };

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    closed = [];
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('is on the modal stack while shown, so page shortcuts stay quiet', () => {
    expect(modalStack.isOpen()).toBe(false);
    show(['estimate']);
    expect(modalStack.isOpen()).toBe(true);
    expect(container.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('estimate');
    show([]);
    expect(modalStack.isOpen()).toBe(false);
  });

  it('closes only the dialog on top on Escape', () => {
    show(['photo', 'question']);
    press('Escape');
    expect(closed).toEqual(['question']);
    show(['photo']);
    press('Escape');
    expect(closed).toEqual(['question', 'photo']);
  });

  it('moves the focus in when asked, and gives it back on closing', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    const inside = show(['photo'], { initialFocus: true });
    expect(document.activeElement).toBe(inside.current);
    show([]);
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });
});
