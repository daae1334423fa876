import type { KeyTarget } from './tableKeyboard';
import { consoleViews, type ConsoleView } from './views';

/** How long after `g` the second key still counts. */
export const chordTimeoutMs = 1_500;

export interface ViewKeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: KeyTarget;
  /** When the key went down, in ms on any steady clock. */
  at: number;
}

export interface ViewShortcutState {
  /** When `g` was pressed, while waiting for the view's letter. */
  pendingSince: number | null;
}

/**
 * Switching views from the keyboard: `g` then the view's letter (`g s`, `g l`), or the
 * view's digit (`1`, `2`). Keys typed into a field are text, never shortcuts; from buttons
 * and the filter box the digits stay text too, so only the chord works there.
 */
export function viewShortcut(
  state: ViewShortcutState,
  press: ViewKeyPress,
): { view: ConsoleView | null; state: ViewShortcutState } {
  const idle = { pendingSince: null };
  if (press.ctrlKey || press.metaKey || press.altKey) return { view: null, state: idle };
  if (press.target === 'text-field' || press.target === 'filter') return { view: null, state: idle };

  const chordOpen = state.pendingSince !== null && press.at - state.pendingSince <= chordTimeoutMs;
  if (chordOpen) {
    const view = consoleViews.find((entry) => entry.key === press.key)?.id ?? null;
    return { view, state: idle };
  }
  if (press.key === 'g') return { view: null, state: { pendingSince: press.at } };
  if (press.target === 'page' && /^[1-9]$/.test(press.key)) {
    return { view: consoleViews[Number(press.key) - 1]?.id ?? null, state: idle };
  }
  return { view: null, state: idle };
}
