import type { SelectionMove } from './selectionMovement';

export type TableKeyCommand =
  | { kind: 'focus-filter' }
  | { kind: 'move'; move: SelectionMove }
  | { kind: 'open-detail' }
  | { kind: 'close-detail' }
  /** Esc in the filter box: clear it, or leave it when it is already empty. */
  | { kind: 'leave-filter' };

/** Where a key press happened, in the terms the shortcuts care about. */
export type KeyTarget = 'filter' | 'text-field' | 'control' | 'page';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: KeyTarget;
  detailOpen: boolean;
}

const moveKeys: Record<string, SelectionMove> = {
  ArrowDown: 'next',
  ArrowUp: 'previous',
  j: 'next',
  k: 'previous',
  Home: 'first',
  End: 'last',
  PageDown: 'page-down',
  PageUp: 'page-up',
};

/**
 * The shortcuts of a live table (services, consumer groups). Typing belongs to the field
 * being typed in: letters never become commands there. The filter box is the exception for
 * the arrows, Enter and Esc, so one can type "pay", arrow down to the row and open it
 * without touching the mouse.
 */
export function commandForKey(press: KeyPress): TableKeyCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const { key, target } = press;

  if (target === 'filter') {
    if (key === 'ArrowDown' || key === 'ArrowUp') return { kind: 'move', move: moveKeys[key] ?? 'next' };
    if (key === 'Enter') return { kind: 'open-detail' };
    // Esc goes back one level: the detail panel sits above the filter.
    if (key === 'Escape') return press.detailOpen ? { kind: 'close-detail' } : { kind: 'leave-filter' };
    return null;
  }
  if (target === 'text-field') return null;

  // Buttons, selects and links keep Enter, Space and arrows for themselves.
  if (target === 'control') {
    if (key === 'Escape' && press.detailOpen) return { kind: 'close-detail' };
    if (key === '/') return { kind: 'focus-filter' };
    return null;
  }

  if (key === '/') return { kind: 'focus-filter' };
  if (key === 'Enter') return { kind: 'open-detail' };
  if (key === 'Escape') return press.detailOpen ? { kind: 'close-detail' } : null;
  const move = moveKeys[key];
  return move ? { kind: 'move', move } : null;
}
