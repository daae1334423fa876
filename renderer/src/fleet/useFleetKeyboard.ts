import { useEffect, type RefObject } from 'react';
import { commandForKey, type KeyTarget } from './fleetKeyboard';
import type { FleetStore } from './fleetStore';

/** Wires the table's shortcuts to the page; see commandForKey for which key does what. */
export function useFleetKeyboard(
  store: FleetStore,
  filterRef: RefObject<HTMLInputElement | null>,
  tableRef: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const state = store.getState();
      const target = classifyTarget(event.target, filterRef.current);
      const command = commandForKey({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target,
        detailOpen: state.detailOpen,
      });
      if (!command) return;
      event.preventDefault();
      switch (command.kind) {
        case 'focus-filter':
          filterRef.current?.focus();
          filterRef.current?.select();
          return;
        case 'move':
          state.move(command.move);
          return;
        case 'open-detail':
          if (state.selectedKey === null || !state.visibleServiceKeys.includes(state.selectedKey))
            state.move('first');
          store.getState().openDetail();
          // From the filter box, hand the keyboard to the table so j/k and Esc work next.
          if (target === 'filter') tableRef.current?.focus();
          return;
        case 'close-detail':
          state.closeDetail();
          return;
        case 'leave-filter':
          if (state.filter !== '') {
            state.setFilter('');
          } else {
            tableRef.current?.focus();
          }
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store, filterRef, tableRef]);
}

function classifyTarget(target: EventTarget | null, filter: HTMLInputElement | null): KeyTarget {
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
    target.tagName === 'SUMMARY'
  ) {
    return 'control';
  }
  return 'page';
}
