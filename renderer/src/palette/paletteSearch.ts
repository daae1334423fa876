/**
 * What the command palette offers and how a typed query finds it: every view, every service
 * and consumer group by name, the actions the console runs and the sandbox's scenarios.
 * Every word typed must appear; names that start with the query come first, then names that
 * hold it, then entries that match only in their details.
 */
export type PaletteEntryKind = 'view' | 'action' | 'service' | 'group' | 'scenario';

export interface PaletteEntry {
  id: string;
  kind: PaletteEntryKind;
  title: string;
  /** A second line: where the thing is, its health, its key. */
  detail: string;
  /** Why it cannot run now (read-only, nothing selected): Enter shows it instead of running. */
  disabledReason?: string;
  /** What choosing it does. A promise that rejects keeps the palette open with the error. */
  run: () => void | Promise<string | void>;
}

export const paletteKindLabels: Record<PaletteEntryKind, string> = {
  view: 'View',
  action: 'Action',
  service: 'Service',
  group: 'Group',
  scenario: 'Sandbox',
};

const kindOrder: Record<PaletteEntryKind, number> = {
  view: 0,
  action: 1,
  service: 2,
  group: 3,
  scenario: 4,
};

export const paletteResultLimit = 50;

/** The entries a query finds, best first; with no query, the views and the actions. */
export function searchPalette(
  entries: readonly PaletteEntry[],
  query: string,
  limit = paletteResultLimit,
): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0)
    return entries.filter((entry) => entry.kind === 'view' || entry.kind === 'action').slice(0, limit);
  const whole = words.join(' ');
  const found: { entry: PaletteEntry; rank: number }[] = [];
  for (const entry of entries) {
    const title = entry.title.toLowerCase();
    const text = `${title} ${entry.detail.toLowerCase()}`;
    if (!words.every((word) => text.includes(word))) continue;
    const place = title.startsWith(whole) ? 0 : title.includes(whole) ? 1 : 2;
    found.push({ entry, rank: place * 10 + kindOrder[entry.kind] });
  }
  found.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.entry.title.length - b.entry.title.length ||
      a.entry.title.localeCompare(b.entry.title) ||
      a.entry.detail.localeCompare(b.entry.detail),
  );
  return found.slice(0, limit).map(({ entry }) => entry);
}
