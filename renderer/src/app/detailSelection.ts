import { moveSelection, type SelectionMove } from './selectionMovement';

/** A list's selected row and whether its detail panel is open: the fleet table's, the lag table's. */
export interface DetailSelection {
  selectedKey: string | null;
  detailOpen: boolean;
  select(key: string | null): void;
  move(move: SelectionMove): void;
  /** Opens the detail panel on `key`, or on the selected row. */
  openDetail(key?: string): void;
  closeDetail(): void;
}

/**
 * The DetailSelection part of a zustand store: its initial values and actions. `visibleKeys`
 * gives the rows shown, in screen order, which the keyboard moves through.
 */
export function detailSelection(
  set: (partial: Partial<Pick<DetailSelection, 'selectedKey' | 'detailOpen'>>) => void,
  get: () => Pick<DetailSelection, 'selectedKey'>,
  visibleKeys: () => readonly string[],
): DetailSelection {
  return {
    selectedKey: null,
    detailOpen: false,
    select: (key) => set({ selectedKey: key }),
    move: (move) => set({ selectedKey: moveSelection(visibleKeys(), get().selectedKey, move) }),
    openDetail: (key) => {
      const target = key ?? get().selectedKey;
      if (target === null) return;
      set({ selectedKey: target, detailOpen: true });
    },
    closeDetail: () => set({ detailOpen: false }),
  };
}
