import { describe, expect, it } from 'vitest';
import { searchPalette, type PaletteEntry, type PaletteEntryKind } from './paletteSearch';

function entry(kind: PaletteEntryKind, title: string, detail = ''): PaletteEntry {
  return { id: `${kind}:${title}:${detail}`, kind, title, detail, run: () => undefined };
}

const entries = [
  entry('view', 'Topology', 'g t · 1'),
  entry('view', 'Lag', 'g l · 3'),
  entry('action', 'Refresh now', 'poll every cluster'),
  entry('service', 'payment-service', 'flarenet-production · production · healthy'),
  entry('service', 'payment-service', 'flarenet-staging · staging · healthy'),
  entry('service', 'payment-gateway-adapter', 'flarenet-production · production · degraded'),
  entry('group', 'payment-processor', 'flarenet-kafka · warning'),
  entry('service', 'order-service', 'flarenet-production · production · healthy'),
  entry('scenario', 'Stall payment-processor', 'consumer group on flarenet-kafka'),
];

const titles = (found: PaletteEntry[]) =>
  found.map((e) => `${e.kind} ${e.title} ${e.detail.split(' · ')[0]}`);

describe('the command palette search', () => {
  it('offers the views and actions before anything is typed', () => {
    expect(titles(searchPalette(entries, '  '))).toEqual([
      'view Topology g t',
      'view Lag g l',
      'action Refresh now poll every cluster',
    ]);
  });

  it('puts names that start with the query first, services before groups, shorter first, then names holding it', () => {
    expect(titles(searchPalette(entries, 'payment'))).toEqual([
      'service payment-service flarenet-production',
      'service payment-service flarenet-staging',
      'service payment-gateway-adapter flarenet-production',
      'group payment-processor flarenet-kafka',
      'scenario Stall payment-processor consumer group on flarenet-kafka',
    ]);
  });

  it('needs every word, in the name or the details, in any order and case', () => {
    expect(titles(searchPalette(entries, 'STAGING payment'))).toEqual([
      'service payment-service flarenet-staging',
    ]);
    expect(titles(searchPalette(entries, 'degraded'))).toEqual([
      'service payment-gateway-adapter flarenet-production',
    ]);
    expect(searchPalette(entries, 'payment nowhere')).toEqual([]);
  });

  it('stops at the limit, keeping the best', () => {
    const many = Array.from({ length: 500 }, (_, index) => entry('service', `svc-${index}`, 'c'));
    const found = searchPalette([...many, entry('service', 'svc', 'c')], 'svc', 10);
    expect(found).toHaveLength(10);
    expect(found[0]!.title).toBe('svc');
  });
});
