import { describe, expect, it } from 'vitest';
import type { KeyPress } from '../app/keyPress';
import { byPhotoAction, byTagAction, moveTagFocus, stepIndex } from './reviewKeys';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inTextEntry: false,
  modalOpen: false,
  ...extra,
});

describe('review by photo keys', () => {
  it('maps each letter and arrow to its action, in either case', () => {
    expect(
      ['j', 'k', 'a', 'e', 'x', 't', 'u', 'ArrowRight', 'ArrowLeft'].map((key) => byPhotoAction(press(key))),
    ).toEqual([
      'next',
      'previous',
      'acceptAll',
      'editCaption',
      'rejectFocused',
      'addTag',
      'undo',
      'focusNextTag',
      'focusPreviousTag',
    ]);
    expect(byPhotoAction(press('A'))).toBe('acceptAll');
  });

  it('leaves other keys, modified keys, typing and open dialogs alone', () => {
    expect(byPhotoAction(press('q'))).toBeNull();
    expect(byPhotoAction(press('Enter'))).toBeNull();
    expect(byPhotoAction(press('a', { ctrlKey: true }))).toBeNull();
    expect(byPhotoAction(press('a', { metaKey: true }))).toBeNull();
    expect(byPhotoAction(press('a', { altKey: true }))).toBeNull();
    expect(byPhotoAction(press('a', { inTextEntry: true }))).toBeNull();
    expect(byPhotoAction(press('a', { modalOpen: true }))).toBeNull();
  });
});

describe('review by tag keys', () => {
  it('undoes on U, also with Alt, never while typing, behind a dialog or with Ctrl or Cmd', () => {
    expect(byTagAction(press('u'))).toBe('undo');
    expect(byTagAction(press('U', { altKey: true }))).toBe('undo');
    expect(byTagAction(press('u', { inTextEntry: true }))).toBeNull();
    expect(byTagAction(press('u', { modalOpen: true }))).toBeNull();
    expect(byTagAction(press('u', { ctrlKey: true }))).toBeNull();
    expect(byTagAction(press('u', { metaKey: true }))).toBeNull();
    expect(byTagAction(press('j'))).toBeNull();
  });
});

describe('moving through photos and tags', () => {
  it('stops at either end of the list', () => {
    expect(stepIndex(0, 1, 4)).toBe(1);
    expect(stepIndex(3, 1, 4)).toBe(3);
    expect(stepIndex(0, -1, 4)).toBe(0);
    expect(stepIndex(0, 1, 0)).toBe(0);
  });

  it('keeps the tag focus on a tag of the photo', () => {
    expect(moveTagFocus(0, 1, 3)).toBe(1);
    expect(moveTagFocus(2, 1, 3)).toBe(2);
    expect(moveTagFocus(0, -1, 3)).toBe(0);
    expect(moveTagFocus(0, 1, 0)).toBe(0);
  });
});
