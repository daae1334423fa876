/**
 * The console's views, in tab order. The hash names the view (`#/lag`), so a wall screen can
 * be pointed at one view and a reload keeps it. A view added later (topology, logs,
 * timeline, audit) is one more entry here; its key is the letter after `g` and its digit
 * is its position.
 */
export const consoleViews = [
  { id: 'topology', label: 'Topology', key: 't' },
  { id: 'services', label: 'Services', key: 's' },
  { id: 'lag', label: 'Lag', key: 'l' },
  { id: 'logs', label: 'Logs', key: 'o' },
  { id: 'timeline', label: 'Timeline', key: 'i' },
  { id: 'audit', label: 'Audit', key: 'a' },
] as const;

export type ConsoleView = (typeof consoleViews)[number]['id'];

/** The front page: one look tells what is broken and where the backlog is piling up. */
export const defaultView: ConsoleView = 'topology';

/** The view a location hash names; anything unknown is the default view. */
export function viewFromHash(hash: string): ConsoleView {
  const first = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return consoleViews.find((view) => view.id === first)?.id ?? defaultView;
}

/** `#/logs?service=payment-service`: a view's settings after `?`, so a link or a wall screen keeps them. */
export function hashForView(view: ConsoleView, query?: URLSearchParams): string {
  const search = query?.toString() ?? '';
  return search === '' ? `#/${view}` : `#/${view}?${search}`;
}

/** The settings part of a location hash (after `?`). */
export function queryFromHash(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}
