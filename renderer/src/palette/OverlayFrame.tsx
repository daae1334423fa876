import { useLayoutEffect, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import './palette.css';

/**
 * A box over the dimmed page, as the command palette and the list of keys are drawn: a click
 * outside closes it, the element given takes the focus as it opens (before the next key), and
 * the focus goes back where it was when it closes.
 */
export function OverlayFrame({
  label,
  testId,
  className,
  focus,
  onClose,
  onKeyDown,
  children,
}: {
  label: string;
  testId: string;
  className: string;
  focus: RefObject<HTMLElement | null>;
  onClose: () => void;
  onKeyDown: (event: KeyboardEvent) => void;
  children: ReactNode;
}) {
  useLayoutEffect(() => {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    focus.current?.focus();
    return () => returnTo?.focus();
  }, [focus]);
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className={className}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        data-testid={testId}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
