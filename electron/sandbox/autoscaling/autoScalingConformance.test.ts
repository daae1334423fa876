import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  InvalidNextTokenException,
  type ScalingActivity,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';

const production = 'flarenet-production';
const resourceId = `service/${production}/order-service`;

let harness: TestSandbox;
let scaling: ApplicationAutoScalingClient;

beforeAll(async () => {
  harness = await startTestSandbox({ kafka: { traffic: false } });
  scaling = new ApplicationAutoScalingClient(sandboxClientConfig(harness.sandbox.ecsEndpoint));
});

afterAll(async () => {
  scaling.destroy();
  await harness.close();
});

async function desiredCountOf(service: string): Promise<number> {
  const { services } = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: production, services: [service] }),
  );
  return services![0]!.desiredCount!;
}

async function activitiesOf(id: string): Promise<ScalingActivity[]> {
  const { ScalingActivities } = await scaling.send(
    new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: id }),
  );
  return ScalingActivities ?? [];
}

/** Advances simulated time ten seconds at a time until `done` holds, at most `limitMs`. */
async function advanceUntil(done: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 10_000) {
    if (await done()) return true;
    harness.sandbox.advance(10_000);
  }
  return done();
}

describe('scalable targets and policies', () => {
  it('has each production service as a scalable target from its task count to three times that', async () => {
    const { ScalableTargets } = await scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }),
    );
    expect(ScalableTargets).toHaveLength(9);
    expect(ScalableTargets!.every((target) => target.ResourceId!.startsWith(`service/${production}/`))).toBe(
      true,
    );
    const order = ScalableTargets!.find((target) => target.ResourceId === resourceId)!;
    const desired = await desiredCountOf('order-service');
    expect(order).toMatchObject({
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: desired,
      MaxCapacity: desired * 3,
    });
    expect(order.CreationTime).toBeInstanceOf(Date);
  });

  it('filters by resource id, pages with NextToken and refuses a token it did not issue', async () => {
    const filtered = await scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [resourceId] }),
    );
    expect(filtered.ScalableTargets?.map((target) => target.ResourceId)).toEqual([resourceId]);
    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await scaling.send(
        new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', MaxResults: 4, NextToken }),
      );
      ids.push(...page.ScalableTargets!.map((target) => target.ResourceId!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(new Set(ids).size).toBe(9);
    await expect(
      scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', NextToken: 'forged' })),
    ).rejects.toBeInstanceOf(InvalidNextTokenException);
    const other = await scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'dynamodb' }));
    expect(other.ScalableTargets).toEqual([]);
  });

  it('names what is wrong with a resource id that is no ECS service', async () => {
    const refused = scaling.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: 'order-service' }),
    );
    await expect(refused).rejects.toBeInstanceOf(ValidationException);
    await expect(refused).rejects.toThrow(/order-service.*service\/<cluster>\/<service>/);
  });

  it('tracks CPU at 70 % and memory at 80 % with a high and a low alarm each', async () => {
    const { ScalingPolicies } = await scaling.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId }),
    );
    expect(
      ScalingPolicies?.map((policy) => [
        policy.PolicyType,
        policy.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
        policy.TargetTrackingScalingPolicyConfiguration?.TargetValue,
      ]),
    ).toEqual([
      ['TargetTrackingScaling', 'ECSServiceAverageCPUUtilization', 70],
      ['TargetTrackingScaling', 'ECSServiceAverageMemoryUtilization', 80],
    ]);
    expect(ScalingPolicies![0]!.Alarms?.map((alarm) => alarm.AlarmName)).toEqual([
      expect.stringMatching(new RegExp(`^TargetTracking-${resourceId}-AlarmHigh-`)),
      expect.stringMatching(new RegExp(`^TargetTracking-${resourceId}-AlarmLow-`)),
    ]);
  });
});

describe('scaling under load', () => {
  it('scales a loaded service out through ECS, then back in once the load is over', async () => {
    const { sandbox } = harness;
    const minimum = await desiredCountOf('order-service');
    expect(await activitiesOf(resourceId)).toEqual([]);
    const result = await sandbox.runScenario({
      kind: 'load',
      cluster: production,
      service: 'order-service',
      percent: 200,
      minutes: 3,
    });
    expect(result.summary).toMatch(/order-service in flarenet-production gets 200 %/);
    expect(
      sandbox.autoscaling.serviceLoad(production, 'order-service', sandbox.simulation.now()),
    ).toMatchObject({
      cpuPercent: 100,
    });

    expect(await advanceUntil(async () => (await activitiesOf(resourceId)).length > 0, 120_000)).toBe(true);
    const [scaleOut] = await activitiesOf(resourceId);
    const raised = Number(/^Setting desired count to (\d+)\.$/.exec(scaleOut!.Description!)?.[1]);
    expect(raised).toBeGreaterThan(minimum);
    expect(scaleOut).toMatchObject({ ResourceId: resourceId, StatusCode: 'InProgress' });
    expect(scaleOut!.Cause).toMatch(
      new RegExp(
        `^monitor alarm TargetTracking-${resourceId}-AlarmHigh-[\\w-]+ in state ALARM triggered policy order-service-cpu-70-target-tracking$`,
      ),
    );
    expect(await desiredCountOf('order-service')).toBe(raised);

    expect(
      await advanceUntil(
        async () => (await activitiesOf(resourceId))[0]!.StatusCode === 'Successful',
        60_000,
      ),
    ).toBe(true);
    const { services } = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: production, services: ['order-service'] }),
    );
    expect(services![0]!.runningCount).toBe(services![0]!.desiredCount);
    expect(services![0]!.events!.some((event) => /has started \d+ tasks/.test(event.message!))).toBe(true);

    // Once the load is over, the low alarms bring the service back to its minimum.
    expect(
      await advanceUntil(async () => (await desiredCountOf('order-service')) === minimum, 15 * 60_000),
    ).toBe(true);
    const activities = await activitiesOf(resourceId);
    expect(activities[0]!.Description).toBe(`Setting desired count to ${minimum}.`);
    expect(activities[0]!.Cause).toMatch(/-AlarmLow-[\w-]+ in state ALARM triggered policy /);
    const starts = activities.map((activity) => activity.StartTime!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));

    const newest = await scaling.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: 'ecs',
        ResourceId: resourceId,
        MaxResults: 1,
      }),
    );
    expect(newest.ScalingActivities?.map((activity) => activity.ActivityId)).toEqual([
      activities[0]!.ActivityId,
    ]);
    expect(newest.NextToken).toBeDefined();
  });
});
