import { describe, expect, it } from 'vitest';
import type { ActionPolicyState, LockHolder } from '../../../shared/actions/actionModel';
import { actionRefusal, isProduction } from './actionGuards';
import { t0 } from '../testing/actionFixtures';

const target = { environment: 'production', cluster: 'flarenet-production', service: 'payment-service' };

function policy(overrides: Partial<ActionPolicyState> = {}): ActionPolicyState {
  return {
    readOnly: false,
    readOnlyReason: null,
    environments: [
      { name: 'staging', clusters: ['flarenet-staging'], readOnly: false, reason: null, production: false },
      {
        name: 'production',
        clusters: ['flarenet-production'],
        readOnly: false,
        reason: null,
        production: true,
      },
    ],
    locks: [],
    ...overrides,
  };
}

function lock(overrides: Partial<LockHolder> = {}): LockHolder {
  return {
    actionId: 'action-9',
    kind: 'rollback',
    ...target,
    startedAt: t0,
    by: 'arn:aws:iam::123456789012:user/dana',
    description: 'a rollback payment-service:4 → payment-service:3 started by dana (action action-9)',
    ...overrides,
  };
}

const writable = { readOnly: false, readOnlyReason: null };

describe('action guards', () => {
  it('lets an action be tried when nothing stands in its way', () => {
    expect(actionRefusal({ info: writable, policy: policy(), target })).toBeNull();
    // Before main's policy arrives, main still decides when the plan runs.
    expect(actionRefusal({ info: undefined, policy: undefined, target })).toBeNull();
  });

  it('refuses on a read-only console with its reason, before anything else', () => {
    expect(
      actionRefusal({
        info: { readOnly: true, readOnlyReason: 'this console host is read-only' },
        policy: policy({ locks: [lock()] }),
        target,
      }),
    ).toBe('Read-only: this console host is read-only.');
    expect(
      actionRefusal({
        info: undefined,
        policy: policy({ readOnly: true, readOnlyReason: 'a wall screen' }),
        target,
      }),
    ).toBe('Read-only: a wall screen.');
  });

  it('refuses on a read-only environment, and only there', () => {
    const readOnlyProduction = policy({
      environments: [
        { name: 'staging', clusters: [], readOnly: false, reason: null, production: false },
        {
          name: 'production',
          clusters: [],
          readOnly: true,
          reason: 'the production environment is read-only in the console config',
          production: true,
        },
      ],
    });
    expect(actionRefusal({ info: writable, policy: readOnlyProduction, target })).toBe(
      'Read-only: the production environment is read-only in the console config.',
    );
    expect(
      actionRefusal({
        info: writable,
        policy: readOnlyProduction,
        target: { ...target, environment: 'staging', cluster: 'flarenet-staging' },
      }),
    ).toBeNull();
  });

  it('names the action that holds the service, and holds nothing else', () => {
    const held = policy({ locks: [lock()] });
    expect(actionRefusal({ info: writable, policy: held, target })).toBe(
      'payment-service is held by a rollback payment-service:4 → payment-service:3 started by dana (action action-9).',
    );
    expect(
      actionRefusal({ info: writable, policy: held, target: { ...target, service: 'order-service' } }),
    ).toBeNull();
    expect(
      actionRefusal({ info: writable, policy: held, target: { ...target, environment: 'staging' } }),
    ).toBeNull();
  });

  it('refuses while this page follows an unfinished action on the service', () => {
    expect(
      actionRefusal({
        info: writable,
        policy: policy(),
        target,
        underWay: { kind: 'rollback', phase: 'in-progress' },
      }),
    ).toBe('A rollback of payment-service is in progress; one action at a time per service.');
    expect(
      actionRefusal({
        info: writable,
        policy: policy(),
        target,
        underWay: { kind: 'promotion', phase: 'failed' },
      }),
    ).toBeNull();
  });

  it('asks main’s policy whether an environment is production, and the shared rule otherwise', () => {
    expect(isProduction(policy(), { environment: 'staging', cluster: 'flarenet-staging' })).toBe(false);
    expect(isProduction(policy(), { environment: 'production', cluster: 'flarenet-production' })).toBe(true);
    expect(isProduction(undefined, { environment: 'qa', cluster: 'x' })).toBe(false);
    // An environment nobody can classify counts as production: the careful side.
    expect(isProduction(undefined, { environment: 'eu-1', cluster: 'cluster-a' })).toBe(true);
  });
});
