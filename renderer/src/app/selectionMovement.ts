export type SelectionMove = 'next' | 'previous' | 'first' | 'last' | 'page-down' | 'page-up';

const pageSize = 10;

/**
 * Where the selection goes on a key press, over the services currently shown. Moves stop
 * at the ends instead of wrapping, so holding a key down never jumps across the fleet.
 * When the selected service is not shown (filtered out, or removed), a move starts from
 * the nearest end in the direction of travel.
 */
export function moveSelection(
  keys: readonly string[],
  current: string | null,
  move: SelectionMove,
): string | null {
  if (keys.length === 0) return current;
  const last = keys.length - 1;
  const index = current === null ? -1 : keys.indexOf(current);
  let target: number;
  switch (move) {
    case 'first':
      target = 0;
      break;
    case 'last':
      target = last;
      break;
    case 'next':
      target = index < 0 ? 0 : Math.min(index + 1, last);
      break;
    case 'previous':
      target = index < 0 ? last : Math.max(index - 1, 0);
      break;
    case 'page-down':
      target = index < 0 ? 0 : Math.min(index + pageSize, last);
      break;
    case 'page-up':
      target = index < 0 ? last : Math.max(index - pageSize, 0);
      break;
  }
  return keys[target] ?? current;
}
