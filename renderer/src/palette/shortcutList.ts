import { consoleViews } from '../app/views';

/** Every key the console answers, in one list: the `?` overlay shows it and the status bar hints at it. */
export interface ShortcutGroup {
  title: string;
  shortcuts: { keys: string[]; what: string }[];
}

export function shortcutGroups(isMac: boolean): ShortcutGroup[] {
  const command = isMac ? '⌘' : 'Ctrl';
  return [
    {
      title: 'Anywhere',
      shortcuts: [
        { keys: [command, 'K'], what: 'Command palette: views, services, groups, actions' },
        { keys: ['?'], what: 'This list of keys' },
        ...consoleViews.map((view, index) => ({
          keys: ['g', view.key, 'or', String(index + 1)],
          what: `${view.label} view`,
        })),
        { keys: ['Esc'], what: 'Close the dialog, the panel or this list' },
      ],
    },
    {
      title: 'Services and Lag tables',
      shortcuts: [
        { keys: ['/'], what: 'Filter (by name, cluster, health)' },
        { keys: ['↑', '↓', 'or', 'j', 'k'], what: 'Move the selection' },
        { keys: ['Enter'], what: 'Open the details of the selected row' },
        { keys: ['r'], what: 'Roll back the selected service (plan first, then confirm)' },
      ],
    },
    {
      title: 'Topology',
      shortcuts: [
        { keys: ['Tab'], what: 'Move between boxes and lag labels' },
        { keys: ['Enter'], what: 'Open the box’s service, expand a summary, or drill into a group' },
      ],
    },
  ];
}
