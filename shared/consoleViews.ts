/**
 * The console's views, in tab order. The hash names the view (`#/lag`), so a wall screen can
 * be pointed at one view and a reload keeps it. A view added later is one more entry here;
 * its key is the letter after `g` and its digit is its position, in the page and in the
 * desktop app's View menu alike.
 */
export const consoleViews = [
  { id: 'topology', label: 'Topology', key: 't' },
  { id: 'services', label: 'Services', key: 's' },
  { id: 'lag', label: 'Lag', key: 'l' },
  { id: 'logs', label: 'Logs', key: 'o' },
  { id: 'timeline', label: 'Timeline', key: 'i' },
  { id: 'audit', label: 'Audit', key: 'a' },
  { id: 'overview', label: 'Overview', key: 'v' },
] as const;

export type ConsoleView = (typeof consoleViews)[number]['id'];
