import { consoleViews, type ConsoleView } from '../../../shared/consoleViews';

// The list is shared with the desktop app's View menu; the page reads it from here.
export { consoleViews, type ConsoleView };

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
