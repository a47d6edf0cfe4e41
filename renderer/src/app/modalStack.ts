// Which dialogs are open, newest last. Keyboard shortcuts of the pages behind ask it whether a dialog has
// the keyboard, and a dialog closes on Escape only when it is the one on top.
export interface ModalStack {
  /** Puts a dialog on top; the returned function takes it off again (wherever it is by then). */
  push(): () => void;
  /** True while any dialog is open: page shortcuts stay quiet. */
  isOpen(): boolean;
  isTop(handle: () => void): boolean;
}

export function createModalStack(): ModalStack {
  const open: Array<() => void> = [];
  return {
    push() {
      const remove = (): void => {
        const at = open.indexOf(remove);
        if (at >= 0) open.splice(at, 1);
      };
      open.push(remove);
      return remove;
    },
    isOpen: () => open.length > 0,
    isTop: (handle) => open.at(-1) === handle,
  };
}

/** The window's one stack. */
export const modalStack = createModalStack();
