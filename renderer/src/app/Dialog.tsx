// The one modal: a backdrop, a panel that says it is a dialog, Escape and a click outside to close (only
// for the dialog on top), focus moved in and given back, and a place on the window's modal stack.
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { modalStack } from './modalStack';
import './dialog.css';

interface Props {
  onClose(): void;
  /** `question` is a small card asking something; `viewer` fills the window (the photo view). */
  kind?: 'question' | 'viewer';
  /** Extra classes of the panel, for its feature's layout. */
  className?: string;
  testId?: string;
  label?: string;
  labelledBy?: string;
  /** What gets the focus when the dialog opens; without it the focus stays where it was. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Closes on a press outside the panel (a viewer does; a question waits for an answer). */
  closeOnBackdrop?: boolean;
  /** Keys for the dialog on top only (arrow keys of the viewer); Escape is handled here. */
  onKey?: (event: KeyboardEvent) => void;
  children: ReactNode;
}

export function Dialog({
  onClose,
  kind = 'question',
  className,
  testId,
  label,
  labelledBy,
  initialFocus,
  closeOnBackdrop = false,
  onKey,
  children,
}: Props) {
  const latest = useRef({ onClose, onKey });
  useEffect(() => {
    latest.current = { onClose, onKey };
  });

  useEffect(() => {
    const remove = modalStack.push();
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    initialFocus?.current?.focus();
    const keydown = (event: KeyboardEvent) => {
      if (!modalStack.isTop(remove)) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        latest.current.onClose();
      } else {
        latest.current.onKey?.(event);
      }
    };
    window.addEventListener('keydown', keydown);
    return () => {
      window.removeEventListener('keydown', keydown);
      remove();
      if (initialFocus && previous?.isConnected) previous.focus({ preventScroll: true });
    };
    // The dialog registers once for its lifetime; the latest handlers are read through the ref.
  }, [initialFocus]);

  return (
    <div
      className={`modal-backdrop modal-backdrop-${kind}`}
      onMouseDown={(event) => {
        if (closeOnBackdrop && event.target === event.currentTarget) onClose();
      }}
    >
      <div
        className={`modal modal-${kind}${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        aria-labelledby={labelledBy}
        data-testid={testId}
      >
        {children}
      </div>
    </div>
  );
}
