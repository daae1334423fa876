import type { TimelineEntry, TimelineKind, TimelineSeverity } from '../../../shared/timeline/timelineModel';

/**
 * The timeline as the page lists it: narrowed by service and kind, in minutes, newest or
 * oldest first; severities and kinds in words, glyphs as a second cue.
 */

export const severityPresentation: Readonly<Record<TimelineSeverity, { glyph: string; word: string }>> = {
  error: { glyph: '✖', word: 'error' },
  warning: { glyph: '▲', word: 'warning' },
  ok: { glyph: '✓', word: 'ok' },
  info: { glyph: '●', word: 'info' },
};

export const kindWords: Readonly<Record<TimelineKind, string>> = {
  'deployment-started': 'deploy started',
  'deployment-completed': 'deploy completed',
  'deployment-failed': 'deploy failed',
  'deployment-rolled-back': 'rollback',
  'service-event': 'ECS event',
  'lag-status': 'consumer lag',
  'error-spike': 'error spike',
  'alarm-state': 'alarm',
  scaling: 'scaling',
  audit: 'console action',
};

/** The kinds, in the groups the filter offers. */
export const kindGroups: readonly { id: string; label: string; kinds: readonly TimelineKind[] }[] = [
  {
    id: 'deployments',
    label: 'Deployments',
    kinds: ['deployment-started', 'deployment-completed', 'deployment-failed', 'deployment-rolled-back'],
  },
  { id: 'events', label: 'ECS events', kinds: ['service-event'] },
  { id: 'lag', label: 'Consumer lag', kinds: ['lag-status'] },
  { id: 'errors', label: 'Error spikes', kinds: ['error-spike'] },
  { id: 'alarms', label: 'Alarms and scaling', kinds: ['alarm-state', 'scaling'] },
  { id: 'actions', label: 'Console actions', kinds: ['audit'] },
];

export const allKindGroups: ReadonlySet<string> = new Set(kindGroups.map((group) => group.id));

export interface TimelineViewFilter {
  /** null: every service (and entries about no service). */
  service: string | null;
  /** Ids of `kindGroups` shown. */
  kindGroups: ReadonlySet<string>;
}

export function filterTimeline(
  entries: readonly TimelineEntry[],
  filter: TimelineViewFilter,
): TimelineEntry[] {
  const kinds = new Set(
    kindGroups.filter((group) => filter.kindGroups.has(group.id)).flatMap((group) => group.kinds),
  );
  return entries.filter(
    (entry) => kinds.has(entry.kind) && (filter.service === null || entry.service === filter.service),
  );
}

export interface MinuteGroup {
  /** The minute's first millisecond. */
  minute: number;
  entries: TimelineEntry[];
}

/** An entry, standing for the ones like it that follow it (the same ECS event about other tasks). */
export interface ListedEntry {
  entry: TimelineEntry;
  /** The others it stands for, in the listed order; empty for most. */
  alike: TimelineEntry[];
}

/**
 * ECS says "has started 1 tasks" once per task: a failing deployment writes it, "failed
 * container health checks" and "has stopped" dozens of times a minute. Events of one service
 * that differ only in task ids and counts are listed once (where the first of them is), with
 * how many there were; call it on a minute's entries.
 */
export function foldAlikeEvents(entries: readonly TimelineEntry[]): ListedEntry[] {
  const listed: ListedEntry[] = [];
  const byShape = new Map<string, ListedEntry>();
  for (const entry of entries) {
    const shape =
      entry.kind === 'service-event' ? `${entry.cluster}|${entry.service}|${eventShape(entry.title)}` : null;
    const first = shape === null ? undefined : byShape.get(shape);
    if (first) {
      first.alike.push(entry);
      continue;
    }
    const item = { entry, alike: [] };
    listed.push(item);
    if (shape !== null) byShape.set(shape, item);
  }
  return listed;
}

function eventShape(message: string): string {
  return message
    .replace(/(\(task [^)]*\)\s*)+/g, '(tasks)')
    .replace(/[0-9a-f]{8,}/gi, '#')
    .replace(/\d+/g, 'N');
}

/**
 * Entries (oldest first, as held) in minutes, in the order asked for: entries within a minute
 * follow the same order as the minutes.
 */
export function groupByMinute(
  entries: readonly TimelineEntry[],
  order: 'newest-first' | 'oldest-first',
): MinuteGroup[] {
  const ordered = order === 'newest-first' ? [...entries].reverse() : entries;
  const groups: MinuteGroup[] = [];
  for (const entry of ordered) {
    const minute = Math.floor(entry.at / 60_000) * 60_000;
    const last = groups[groups.length - 1];
    if (last?.minute === minute) last.entries.push(entry);
    else groups.push({ minute, entries: [entry] });
  }
  return groups;
}

/** The services entries are about, for the service filter. */
export function servicesOf(entries: readonly TimelineEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => (entry.service === null ? [] : [entry.service])))].sort();
}

/** Of `entries` (oldest first), the ones to list: the newest `limit` when newest come first, else the oldest. */
export function pageOf(
  entries: readonly TimelineEntry[],
  order: 'newest-first' | 'oldest-first',
  limit: number,
): readonly TimelineEntry[] {
  if (entries.length <= limit) return entries;
  return order === 'newest-first' ? entries.slice(entries.length - limit) : entries.slice(0, limit);
}
