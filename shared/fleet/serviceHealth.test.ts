import { describe, expect, it } from 'vitest';
import { deriveServiceHealth, staleHealthReason, type ServiceHealthInput } from './serviceHealth';

type Deployment = ServiceHealthInput['deployments'][number];

function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    status: 'PRIMARY',
    rolloutState: 'COMPLETED',
    rolloutStateReason: null,
    family: 'payment-service',
    revision: 7,
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: 100_000,
    updatedAt: null,
    ...overrides,
  };
}

function service(overrides: Partial<ServiceHealthInput> = {}): ServiceHealthInput {
  return {
    serviceName: 'payment-service',
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    deployments: [deployment()],
    events: [],
    ...overrides,
  };
}

const badDeploy = [
  deployment({
    revision: 8,
    rolloutState: 'IN_PROGRESS',
    runningCount: 0,
    pendingCount: 1,
    failedTasks: 4,
    createdAt: 200_000,
  }),
  deployment({ status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2 }),
];

const event = (createdAt: number, message: string) => ({ createdAt, message });

describe('deriveServiceHealth', () => {
  it.each<[string, ServiceHealthInput, string, string]>([
    ['one completed deployment at full count', service(), 'healthy', '3/3 running on payment-service:7'],
    [
      'no rolloutState (deployment controller without rollouts)',
      service({ deployments: [deployment({ rolloutState: null })] }),
      'healthy',
      '3/3 running on payment-service:7',
    ],
    [
      'desired 0',
      service({
        desiredCount: 0,
        runningCount: 0,
        deployments: [deployment({ desiredCount: 0, runningCount: 0 })],
      }),
      'healthy',
      'scaled to zero',
    ],
    [
      'more running than desired while scaling in',
      service({ runningCount: 4 }),
      'healthy',
      '4/3 running on payment-service:7; stopping extra tasks',
    ],
    [
      'running below desired outside a deployment',
      service({ runningCount: 2, pendingCount: 1 }),
      'degraded',
      '2/3 running, 1 pending',
    ],
    ['draining service', service({ status: 'DRAINING' }), 'degraded', '3/3 running; service is draining'],
    [
      'rollout in progress, new tasks healthy so far',
      service({
        runningCount: 4,
        deployments: [
          deployment({ revision: 8, rolloutState: 'IN_PROGRESS', runningCount: 1 }),
          deployment({ status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 3 }),
        ],
      }),
      'deploying',
      '4/3 running; deploying payment-service:8 from payment-service:7 (1/3 new tasks running)',
    ],
    [
      'primary in progress alone (scaling or replacing tasks)',
      service({
        runningCount: 2,
        pendingCount: 1,
        deployments: [deployment({ rolloutState: 'IN_PROGRESS', runningCount: 2, pendingCount: 1 })],
      }),
      'deploying',
      '2/3 running, 1 pending; deploying payment-service:7 (2/3 new tasks running)',
    ],
    [
      'bad deploy: the first new task failed while old tasks still serve',
      service({
        runningCount: 2,
        pendingCount: 1,
        deployments: badDeploy,
        events: [
          event(210_000, '(service payment-service) (task 0a1b) failed container health checks.'),
          event(210_000, '(service payment-service) has stopped 1 running tasks: (task 0a1b).'),
        ],
      }),
      'degraded',
      '2/3 running, 1 pending; new tasks failing health checks (4 failed) in payment-service:8',
    ],
    [
      'bad deploy without a health-check event since it started',
      service({
        runningCount: 2,
        pendingCount: 0,
        deployments: badDeploy,
        events: [event(150_000, '(service payment-service) (task 9f9f) failed container health checks.')],
      }),
      'degraded',
      '2/3 running; new tasks failing (4 failed) in payment-service:8',
    ],
    [
      'primary rollout failed',
      service({
        runningCount: 2,
        deployments: [
          deployment({
            revision: 8,
            rolloutState: 'FAILED',
            rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
          }),
        ],
      }),
      'failed',
      '2/3 running; rollout of payment-service:8 failed: ECS deployment circuit breaker: tasks failed to start.',
    ],
    [
      'nothing running and tasks failing',
      service({ runningCount: 0, deployments: [deployment({ runningCount: 0, failedTasks: 5 })] }),
      'failed',
      '0/3 running; tasks failing (5 failed) in payment-service:7',
    ],
    [
      'nothing running but no failures yet is only degraded',
      service({
        runningCount: 0,
        pendingCount: 3,
        deployments: [deployment({ runningCount: 0, pendingCount: 3 })],
      }),
      'degraded',
      '0/3 running, 3 pending',
    ],
    [
      'circuit breaker rolling back',
      service({
        runningCount: 2,
        deployments: [
          deployment({ rolloutState: 'IN_PROGRESS', runningCount: 2 }),
          deployment({
            status: 'ACTIVE',
            revision: 8,
            rolloutState: 'FAILED',
            runningCount: 0,
            failedTasks: 6,
          }),
        ],
      }),
      'degraded',
      '2/3 running; rolling back from payment-service:8 to payment-service:7',
    ],
    [
      'circuit breaker rollback completed (reason on the deployment)',
      service({
        deployments: [
          deployment({
            rolloutStateReason: 'ECS deployment circuit breaker: rolled back to payment-service:7.',
          }),
        ],
      }),
      'degraded',
      '3/3 running; a failed deployment was rolled back to payment-service:7',
    ],
    [
      'circuit breaker rollback completed (said by the event of its start)',
      service({
        deployments: [
          deployment({ rolloutStateReason: 'ECS deployment ecs-svc/456 completed.', createdAt: 300_000 }),
        ],
        events: [
          event(330_000, '(service payment-service) has reached a steady state.'),
          event(330_000, '(service payment-service) (deployment ecs-svc/456) deployment completed.'),
          event(300_000, '(service payment-service) rolling back to deployment ecs-svc/123.'),
          event(
            300_000,
            '(service payment-service) (deployment ecs-svc/789) deployment failed: tasks failed to start.',
          ),
        ],
      }),
      'degraded',
      '3/3 running; a failed deployment was rolled back to payment-service:7',
    ],
    [
      'a later deployment is not a rollback because an older one was',
      service({
        deployments: [deployment({ revision: 9, createdAt: 900_000 })],
        events: [
          event(930_000, '(service payment-service) has reached a steady state.'),
          event(300_000, '(service payment-service) rolling back to deployment ecs-svc/123.'),
        ],
      }),
      'healthy',
      '3/3 running on payment-service:9',
    ],
    [
      'a normal completion reason is not a rollback',
      service({
        deployments: [deployment({ rolloutStateReason: 'ECS deployment ecs-svc/123 completed.' })],
        events: [event(120_000, '(service payment-service) has reached a steady state.')],
      }),
      'healthy',
      '3/3 running on payment-service:7',
    ],
  ])('%s', (_name, input, health, reason) => {
    expect(deriveServiceHealth(input)).toEqual({ health, healthReason: reason });
  });
});

describe('a service that recovered by a rollback', () => {
  // 13:49:00 UTC on 2026-12-03: the rollback's deployment completes then.
  const completedAt = Date.UTC(2026, 11, 3, 13, 49, 0);
  const rolledBack = (observedAt: number, overrides: Partial<ServiceHealthInput> = {}) =>
    service({
      observedAt,
      deployments: [
        deployment({
          revision: 3,
          createdAt: completedAt - 60_000,
          updatedAt: completedAt,
          rolloutStateReason: 'ECS deployment ecs-svc/456 completed.',
        }),
      ],
      events: [
        event(completedAt - 60_000, '(service payment-service) rolling back to deployment ecs-svc/123.'),
      ],
      ...overrides,
    });

  it('stays degraded until the completed rollback has held for two polls', () => {
    expect(deriveServiceHealth(rolledBack(completedAt + 5_000))).toEqual({
      health: 'degraded',
      healthReason: '3/3 running; a failed deployment was rolled back to payment-service:3',
    });
  });

  it('is healthy once it held, with a note saying it recovered and when', () => {
    expect(deriveServiceHealth(rolledBack(completedAt + 10_000))).toEqual({
      health: 'healthy',
      healthReason:
        '3/3 running on payment-service:3; recovered: rolled back to payment-service:3 at 2026-12-03 13:49 UTC',
    });
  });

  it('drops the note after an hour, instead of reading degraded for as long as ECS keeps the event', () => {
    expect(deriveServiceHealth(rolledBack(completedAt + 61 * 60_000))).toEqual({
      health: 'healthy',
      healthReason: '3/3 running on payment-service:3',
    });
  });

  it('is not recovered while a task is missing, however long ago the rollback was', () => {
    expect(deriveServiceHealth(rolledBack(completedAt + 61 * 60_000, { runningCount: 2 })).health).toBe(
      'degraded',
    );
  });

  it('names the revision it was rolled back from when ECS still lists the failed deployment', () => {
    const input = rolledBack(completedAt + 20_000, {
      deployments: [
        deployment({ revision: 3, createdAt: completedAt - 60_000, updatedAt: completedAt }),
        deployment({
          status: 'ACTIVE',
          revision: 4,
          rolloutState: 'FAILED',
          runningCount: 0,
          failedTasks: 6,
        }),
      ],
    });
    expect(deriveServiceHealth(input)).toEqual({
      health: 'healthy',
      healthReason:
        '3/3 running on payment-service:3; recovered: rolled back from payment-service:4 to payment-service:3 at 2026-12-03 13:49 UTC',
    });
  });
});

describe('staleHealthReason', () => {
  it('says how old the data is, to the second, and why', () => {
    expect(staleHealthReason(42_700, 'ThrottlingException: Rate exceeded')).toBe(
      'data 42 s old: ThrottlingException: Rate exceeded',
    );
    expect(staleHealthReason(119_000, 'ThrottlingException: Rate exceeded')).toBe(
      'data 1 min 59 s old: ThrottlingException: Rate exceeded',
    );
  });
});
