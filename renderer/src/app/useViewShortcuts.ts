import { useEffect } from 'react';
import { classifyKeyTarget } from './useTableKeyboard';
import { viewShortcut, type ViewShortcutState } from './viewShortcuts';
import type { ConsoleView } from './views';

/** Listens for the view-switching keys (see viewShortcut) anywhere on the page. */
export function useViewShortcuts(navigate: (view: ConsoleView) => void): void {
  useEffect(() => {
    let state: ViewShortcutState = { pendingSince: null };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      const target = classifyKeyTarget(event.target, null);
      const result = viewShortcut(state, {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target,
        at: event.timeStamp,
      });
      state = result.state;
      if (result.view) {
        event.preventDefault();
        navigate(result.view);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navigate]);
}
