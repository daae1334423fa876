import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { classifyKeyTarget } from '../app/useTableKeyboard';

export type CommandOverlay = 'palette' | 'shortcuts' | null;

/**
 * Ctrl-K or ⌘K opens the command palette from anywhere, a text field included (it is what
 * the key is for); `?` opens the list of keys where it is not being typed.
 */
export function useCommandKeys(): [CommandOverlay, (overlay: CommandOverlay) => void] {
  const [overlay, setOverlayState] = useState<CommandOverlay>(null);
  // Ahead of the state: keys pressed before the next render already know what is open.
  const shown = useRef<CommandOverlay>(null);
  const setOverlay = useCallback((next: CommandOverlay) => {
    shown.current = next;
    // Drawn before the next key when its code is here, so that key lands in the palette.
    flushSync(() => setOverlayState(next));
  }, []);
  useEffect(() => {
    // While an overlay is open the page behind it takes no keys, also in the moment before
    // the overlay has drawn (its code may still be on its way): typing "roll back" into a
    // palette that is not there yet must not press `r` on the page.
    const onKeyDownFirst = (event: KeyboardEvent) => {
      if (shown.current === null || isPaletteKey(event)) return;
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
      if (event.key === 'Escape') setOverlay(null);
      event.preventDefault();
      event.stopPropagation();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (isPaletteKey(event)) {
        event.preventDefault();
        setOverlay(shown.current === 'palette' ? null : 'palette');
        return;
      }
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        const target = classifyKeyTarget(event.target, null);
        if (target === 'text-field' || target === 'filter') return;
        event.preventDefault();
        setOverlay('shortcuts');
      }
    };
    document.addEventListener('keydown', onKeyDownFirst, true);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDownFirst, true);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [setOverlay]);
  return [overlay, setOverlay];
}

/** Ctrl-K, or ⌘K on a Mac: the palette's key, which opens and closes it wherever the focus is. */
function isPaletteKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
}
