import { useEffect, useRef, type RefObject } from 'react';
import type { SelectionMove } from './selectionMovement';
import { commandForKey, type KeyTarget } from './tableKeyboard';

/** What the keyboard needs from a view's store: read at each key press, so always current. */
export interface KeyboardTable {
  detailOpen: boolean;
  selectedKey: string | null;
  /** The rows shown, in screen order. */
  visibleKeys: readonly string[];
  filter: string;
  move(move: SelectionMove): void;
  /** Opens the detail panel on the selected row. */
  openDetail(): void;
  closeDetail(): void;
  setFilter(text: string): void;
}

/**
 * Wires a table's shortcuts to the page (see commandForKey for which key does what). Only
 * the view on screen calls it, so the services and lag tables share the same keys.
 */
export function useTableKeyboard(
  readTable: () => KeyboardTable,
  filterRef: RefObject<HTMLInputElement | null>,
  tableRef: RefObject<HTMLElement | null>,
): void {
  // The listener stays registered while the view is on screen; the reader may be a new function each render.
  const readRef = useRef(readTable);
  useEffect(() => {
    readRef.current = readTable;
  }, [readTable]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const table = readRef.current();
      const target = classifyKeyTarget(event.target, filterRef.current);
      const command = commandForKey({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target,
        detailOpen: table.detailOpen,
      });
      if (!command) return;
      event.preventDefault();
      switch (command.kind) {
        case 'focus-filter':
          filterRef.current?.focus();
          filterRef.current?.select();
          return;
        case 'move':
          table.move(command.move);
          return;
        case 'open-detail':
          if (table.selectedKey === null || !table.visibleKeys.includes(table.selectedKey))
            table.move('first');
          readRef.current().openDetail();
          // From the filter box, hand the keyboard to the table so j/k and Esc work next.
          if (target === 'filter') tableRef.current?.focus();
          return;
        case 'close-detail':
          table.closeDetail();
          return;
        case 'leave-filter':
          if (table.filter !== '') {
            table.setFilter('');
          } else {
            tableRef.current?.focus();
          }
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [filterRef, tableRef]);
}

/** Where a key press happened: a shortcut must never take a letter typed into a field. */
export function classifyKeyTarget(target: EventTarget | null, filter: HTMLInputElement | null): KeyTarget {
  if (!(target instanceof HTMLElement)) return 'page';
  if (target === filter) return 'filter';
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return 'text-field';
  if (target instanceof HTMLInputElement) {
    return ['button', 'submit', 'reset', 'checkbox', 'radio'].includes(target.type)
      ? 'control'
      : 'text-field';
  }
  if (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLAnchorElement ||
    target.tagName === 'SUMMARY' ||
    target.getAttribute('role') === 'tab'
  ) {
    return 'control';
  }
  return 'page';
}
