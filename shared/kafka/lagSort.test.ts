import { describe, expect, it } from 'vitest';
import type { GroupLagSummary } from './kafkaModel';
import { lagGroup } from '../testing/lagFixtures';
import { compareGroups, defaultLagSort, toggleSort, type LagSort } from './lagSort';

const groups: GroupLagSummary[] = [
  lagGroup('k', 'a-ok', { severity: 'ok', totalLag: 10, lagSeconds: 2, eta: { kind: 'eta', seconds: 5 } }),
  lagGroup('k', 'b-err-small', {
    burrowStatus: 'ERR',
    severity: 'error',
    totalLag: 50,
    lagSeconds: 30,
    eta: { kind: 'never' },
  }),
  // Burrow says OK; a console finding makes it an error, and it sorts as one.
  lagGroup('k', 'c-err-big', {
    burrowStatus: 'OK',
    severity: 'error',
    totalLag: 900,
    lagSeconds: null,
    eta: { kind: 'unknown' },
  }),
  lagGroup('k', 'd-warn', {
    burrowStatus: 'WARN',
    severity: 'warn',
    totalLag: 400,
    lagSeconds: 90,
    eta: { kind: 'eta', seconds: 600 },
  }),
  lagGroup('k', 'e-unknown', {
    burrowStatus: 'NOTFOUND',
    severity: 'unknown',
    totalLag: 0,
    lagSeconds: null,
    eta: { kind: 'caught-up' },
  }),
];

function order(sort: LagSort): string[] {
  return [...groups].sort(compareGroups(sort)).map((group) => group.groupId);
}

describe('lag sort', () => {
  it('puts the worst severity first and the most lag first among equals, by default', () => {
    expect(order(defaultLagSort)).toEqual(['c-err-big', 'b-err-small', 'd-warn', 'e-unknown', 'a-ok']);
  });

  it('keeps groups that are OK in the order of their names, whatever their lag in flight', () => {
    const healthy = [
      lagGroup('k', 'orders', { severity: 'ok', totalLag: 2 }),
      lagGroup('k', 'billing', { severity: 'ok', totalLag: 5 }),
      lagGroup('k', 'audit', { severity: 'ok', totalLag: 3 }),
    ];
    const names = () => [...healthy].sort(compareGroups(defaultLagSort)).map((group) => group.groupId);
    expect(names()).toEqual(['audit', 'billing', 'orders']);
    healthy[0] = { ...healthy[0]!, totalLag: 90 };
    expect(names()).toEqual(['audit', 'billing', 'orders']);
  });

  it('sorts by total lag either way round', () => {
    expect(order({ key: 'lag', descending: true })).toEqual([
      'c-err-big',
      'd-warn',
      'b-err-small',
      'a-ok',
      'e-unknown',
    ]);
    expect(order({ key: 'lag', descending: false })[0]).toBe('e-unknown');
  });

  it('keeps groups whose time behind or ETA is not known last, whichever way round', () => {
    // e-unknown has no lag, so it is not behind at all: 0, not unknown.
    expect(order({ key: 'lagSeconds', descending: true })).toEqual([
      'd-warn',
      'b-err-small',
      'a-ok',
      'e-unknown',
      'c-err-big',
    ]);
    expect(order({ key: 'lagSeconds', descending: false }).at(-1)).toBe('c-err-big');
    expect(order({ key: 'eta', descending: true })).toEqual([
      'b-err-small',
      'd-warn',
      'a-ok',
      'e-unknown',
      'c-err-big',
    ]);
    expect(order({ key: 'eta', descending: false })).toEqual([
      'e-unknown',
      'a-ok',
      'd-warn',
      'b-err-small',
      'c-err-big',
    ]);
  });

  it('sorts names A to Z first, and breaks ties by name so equal rows never swap', () => {
    expect(order({ key: 'name', descending: false })).toEqual([
      'a-ok',
      'b-err-small',
      'c-err-big',
      'd-warn',
      'e-unknown',
    ]);
    const tied = [lagGroup('k', 'z', { totalLag: 5 }), lagGroup('k', 'm', { totalLag: 5 })];
    expect(tied.sort(compareGroups({ key: 'lag', descending: true })).map((group) => group.groupId)).toEqual([
      'm',
      'z',
    ]);
  });

  it('turns the sort over on the same column and starts a new column the useful way round', () => {
    expect(toggleSort(defaultLagSort, 'status')).toEqual({ key: 'status', descending: false });
    expect(toggleSort(defaultLagSort, 'eta')).toEqual({ key: 'eta', descending: true });
    expect(toggleSort(defaultLagSort, 'name')).toEqual({ key: 'name', descending: false });
  });
});
