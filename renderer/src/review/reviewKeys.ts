// The review pages' keyboard as pure functions: which key press means what, and where the focus moves.
// The components only carry the actions out, so the map is tested without a browser.
import type { KeyPress } from '../app/keyPress';

export type ByPhotoAction =
  | 'next'
  | 'previous'
  | 'acceptAll'
  | 'editCaption'
  | 'rejectFocused'
  | 'addTag'
  | 'undo'
  | 'focusNextTag'
  | 'focusPreviousTag';

const BY_PHOTO: Record<string, ByPhotoAction> = {
  j: 'next',
  k: 'previous',
  a: 'acceptAll',
  e: 'editCaption',
  x: 'rejectFocused',
  t: 'addTag',
  u: 'undo',
  arrowright: 'focusNextTag',
  arrowleft: 'focusPreviousTag',
};

/** Review by photo: plain keys only, never while typing or behind a dialog. */
export function byPhotoAction(press: KeyPress): ByPhotoAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.inTextEntry || press.modalOpen) return null;
  return BY_PHOTO[press.key.toLowerCase()] ?? null;
}

/** Review by tag has one key, U for undo (Alt+U too, as it always had). */
export function byTagAction(press: KeyPress): 'undo' | null {
  if (press.ctrlKey || press.metaKey || press.inTextEntry || press.modalOpen) return null;
  return press.key.toLowerCase() === 'u' ? 'undo' : null;
}

/** J and K stop at either end of the list instead of wrapping. */
export function stepIndex(index: number, delta: number, length: number): number {
  return Math.min(Math.max(index + delta, 0), Math.max(length - 1, 0));
}

/** The focused tag moves with ← and →, within the photo's tags. */
export function moveTagFocus(index: number, delta: number, tagCount: number): number {
  return stepIndex(index, delta, tagCount);
}

/** Keys the review pages own, for the on-screen legend. */
export const REVIEW_KEYS: Array<[key: string, what: string]> = [
  ['J / K', 'next / previous photo'],
  ['A', 'accept all'],
  ['E', 'edit caption'],
  ['← / →', 'focus a tag'],
  ['X', 'reject focused tag'],
  ['T', 'add a tag'],
  ['U', 'undo'],
];
