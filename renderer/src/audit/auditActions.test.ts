import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditRecord } from '../../../shared/actions/actionModel';
import { describeActor, describeRevisions, groupAuditRecords } from './auditActions';

const t0 = 1_700_000_000_000;

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    v: 1,
    id: `${overrides.actionId ?? 'a'}-${overrides.type ?? 'start'}`,
    actionId: 'a',
    type: 'start',
    at: t0,
    kind: 'rollback',
    actor: { identity: 'sandbox', account: null, source: 'sandbox', detail: null },
    where: null,
    environment: 'production',
    cluster: 'flarenet-production',
    service: 'payment-service',
    from: { label: 'payment-service:4', arn: null },
    to: { label: 'payment-service:3', arn: null },
    plan: null,
    outcome: null,
    message: 'Rollback of payment-service from payment-service:4 to payment-service:3',
    error: null,
    ...overrides,
  };
}

const record = (line: number, overrides: Partial<AuditEntry>): AuditRecord => ({
  line,
  entry: entry(overrides),
});

describe('audit actions', () => {
  it('makes one row per action, newest first, with how it ended', () => {
    const actions = groupAuditRecords([
      record(1, { actionId: 'a' }),
      record(2, { actionId: 'b', service: 'order-service', at: t0 + 10 }),
      record(3, { actionId: 'a', type: 'end', at: t0 + 50, outcome: 'succeeded', message: 'steady' }),
      record(4, {
        actionId: 'b',
        type: 'end',
        at: t0 + 90,
        outcome: 'failed',
        message: 'The rollout FAILED',
        error: 'The rollout FAILED',
      }),
      record(5, { actionId: 'c', at: t0 + 100 }),
    ]);
    expect(actions.map((action) => [action.actionId, action.outcome])).toEqual([
      ['c', 'unfinished'],
      ['b', 'failed'],
      ['a', 'succeeded'],
    ]);
    const a = actions[2];
    expect(a).toMatchObject({
      startedAt: t0,
      endedAt: t0 + 50,
      message: 'steady',
      error: null,
      hasStart: true,
    });
    expect(a?.records.map((line) => line.line)).toEqual([1, 3]);
    expect(actions[1]?.error).toBe('The rollout FAILED');
    expect(actions[0]).toMatchObject({
      endedAt: null,
      message: expect.stringMatching(/^Rollback of/) as unknown,
    });
  });

  it('takes the revision a promotion registered, and a reconciliation’s verdict', () => {
    const [promotion] = groupAuditRecords([
      record(7, { actionId: 'p', kind: 'promotion', to: { label: 'payment-service:(new)', arn: null } }),
      record(8, {
        actionId: 'p',
        kind: 'promotion',
        type: 'step',
        to: { label: 'payment-service:9', arn: 'arn:9' },
      }),
      record(9, { actionId: 'p', kind: 'promotion', type: 'reconciliation', outcome: 'unknown', to: null }),
    ]);
    expect(promotion?.to?.label).toBe('payment-service:9');
    expect(promotion?.outcome).toBe('unknown');
    expect(describeRevisions(promotion ?? { from: null, to: null })).toBe(
      'payment-service:4 → payment-service:9',
    );
  });

  it('shows an action whose start is on an older page by what its loaded lines say', () => {
    const [action] = groupAuditRecords([
      record(40, { actionId: 'x', type: 'end', at: t0 + 5, outcome: 'timed-out', message: 'Not finished' }),
    ]);
    expect(action).toMatchObject({ hasStart: false, outcome: 'timed-out', startedAt: t0 + 5, plan: null });
  });

  it('counts a line once when pages overlap', () => {
    const lines = [
      record(1, { actionId: 'a' }),
      record(2, { actionId: 'a', type: 'end', outcome: 'succeeded' }),
    ];
    const [action] = groupAuditRecords([...lines, ...lines]);
    expect(action?.records).toHaveLength(2);
  });

  it('names who did it in short, and says why when it is not known', () => {
    expect(
      describeActor({
        identity: 'arn:aws:sts::123456789012:assumed-role/OnCall/dana',
        account: '123456789012',
        source: 'sts',
        detail: null,
      }),
    ).toBe('dana');
    expect(describeActor({ identity: 'sandbox', account: null, source: 'sandbox', detail: null })).toBe(
      'sandbox',
    );
    expect(
      describeActor({ identity: 'unknown', account: null, source: 'unavailable', detail: 'STS timed out' }),
    ).toBe('unknown (STS timed out)');
  });
});
