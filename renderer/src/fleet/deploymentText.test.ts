import { describe, expect, it } from 'vitest';
import type { DeploymentSummary } from '../../../shared/fleet/fleetModel';
import { describeDeployment, describeTaskCounts, orderDeployments } from './deploymentText';

function deployment(overrides: Partial<DeploymentSummary>): DeploymentSummary {
  return {
    id: 'ecs-svc/1',
    status: 'PRIMARY',
    rolloutState: 'COMPLETED',
    rolloutStateReason: null,
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/payments:4',
    family: 'payments',
    revision: 4,
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: null,
    updatedAt: null,
    ...overrides,
  };
}

describe('deployment text', () => {
  it('describes a rollout in progress with its new and old deployments', () => {
    const primary = deployment({ rolloutState: 'IN_PROGRESS', runningCount: 1, failedTasks: 2 });
    const old = deployment({ id: 'ecs-svc/0', status: 'ACTIVE', runningCount: 2, revision: 3 });
    expect(describeDeployment(primary, 2)).toBe('IN_PROGRESS 1/3 new, 2 failed');
    expect(describeDeployment(old, 2)).toBe('COMPLETED 2/3 old');
    expect(orderDeployments([old, primary])).toEqual([primary, old]);
  });

  it('describes a single deployment without new/old, falling back to the status without a rollout state', () => {
    expect(describeDeployment(deployment({}), 1)).toBe('COMPLETED 3/3');
    expect(describeDeployment(deployment({ rolloutState: null, runningCount: 2 }), 1)).toBe('PRIMARY 2/3');
  });

  it('mentions pending tasks only when there are some', () => {
    expect(describeTaskCounts({ runningCount: 2, desiredCount: 3, pendingCount: 1 })).toBe('2/3 +1 pending');
    expect(describeTaskCounts({ runningCount: 3, desiredCount: 3, pendingCount: 0 })).toBe('3/3');
  });
});
