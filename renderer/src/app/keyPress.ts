// A key press as the pure key maps see it: the key, its modifiers, and whether a text field or a dialog
// has it, so a map can be tested without a browser.
import { isTextEntry } from './isTextEntry';
import { modalStack } from './modalStack';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The press went to a text field, where letters are typing, not commands. */
  inTextEntry: boolean;
  /** A dialog is open and has the keyboard. */
  modalOpen: boolean;
}

export function keyPressOf(event: KeyboardEvent): KeyPress {
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    inTextEntry: isTextEntry(event.target),
    modalOpen: modalStack.isOpen(),
  };
}
