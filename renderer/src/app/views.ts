/**
 * The console's views, in tab order. The hash names the view (`#/lag`), so a wall screen can
 * be pointed at one view and a reload keeps it. A view added later (topology, logs,
 * timeline, audit) is one more entry here; its key is the letter after `g` and its digit
 * is its position.
 */
export const consoleViews = [
  { id: 'services', label: 'Services', key: 's' },
  { id: 'lag', label: 'Lag', key: 'l' },
] as const;

export type ConsoleView = (typeof consoleViews)[number]['id'];

export const defaultView: ConsoleView = 'services';

/** The view a location hash names; anything unknown is the default view. */
export function viewFromHash(hash: string): ConsoleView {
  const first = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return consoleViews.find((view) => view.id === first)?.id ?? defaultView;
}

export function hashForView(view: ConsoleView): string {
  return `#/${view}`;
}
