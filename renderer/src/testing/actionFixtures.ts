import type { ActionProgress, ProgressDeployment } from '../../../shared/actions/actionModel';

/** Progress events as main sends them, for the renderer's action tests. */

export const t0 = 1_700_000_000_000;

export function deployment(overrides: Partial<ProgressDeployment> = {}): ProgressDeployment {
  return {
    id: 'ecs-svc/1',
    status: 'PRIMARY',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/payment-service:3',
    label: 'payment-service:3',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: null,
    desiredCount: 3,
    runningCount: 2,
    pendingCount: 1,
    failedTasks: 0,
    isTarget: true,
    ...overrides,
  };
}

export function progress(overrides: Partial<ActionProgress> = {}): ActionProgress {
  return {
    actionId: 'action-1',
    planId: 'plan-1',
    kind: 'rollback',
    environment: 'production',
    cluster: 'flarenet-production',
    service: 'payment-service',
    from: 'payment-service:4',
    to: 'payment-service:3',
    phase: 'in-progress',
    at: t0 + 72_000,
    startedAt: t0,
    elapsedMs: 72_000,
    timeoutMs: 600_000,
    message: 'PRIMARY payment-service:3: 2/3 running, 1 pending, rollout IN_PROGRESS',
    deployments: [
      deployment(),
      deployment({
        id: 'ecs-svc/0',
        status: 'ACTIVE',
        label: 'payment-service:4',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/payment-service:4',
        isTarget: false,
        runningCount: 1,
        pendingCount: 0,
      }),
    ],
    newEvents: [],
    error: null,
    ...overrides,
  };
}
