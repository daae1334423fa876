import type { AuditEntry } from '../../shared/actions/actionModel';

/** Audit entries for the audit tests, complete and valid unless a test says otherwise. */
export function testEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    v: 1,
    id: `entry-${Math.random().toString(36).slice(2)}`,
    actionId: 'action-1',
    type: 'start',
    at: Date.UTC(2025, 5, 2, 9, 0, 0),
    kind: 'rollback',
    actor: {
      identity: 'arn:aws:iam::111122223333:user/oncall',
      account: '111122223333',
      source: 'sts',
      detail: null,
    },
    where: {
      source: 'aws',
      account: '111122223333',
      region: 'us-east-1',
      clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/flarenet-production',
      endpoint: null,
    },
    environment: 'production',
    cluster: 'flarenet-production',
    service: 'payment-service',
    from: {
      label: 'payment-service:8',
      arn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/payment-service:8',
    },
    to: {
      label: 'payment-service:7',
      arn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/payment-service:7',
    },
    plan: null,
    outcome: null,
    message: null,
    error: null,
    ...overrides,
  };
}
