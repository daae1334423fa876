import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionProgress } from '../../../shared/actions/actionModel';
import {
  describeOne,
  disableCircuitBreaker,
  isSettledOn,
  primaryDeployment,
  startActionTestFleet,
  type ActionTestFleet,
} from '../../testing/actionTestFleet';
import { sandboxCloudWatchClient } from '../../testing/cloudWatchTestClient';
import { freePort } from '../../testing/freePort';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import { HealthClientFactory } from './healthClients';

/**
 * Rollbacks of a service behind the load balancer against the sandbox, through the real SDK:
 * the plan's evidence from CloudWatch, and a watch that waits for healthy targets and fails
 * on a deployment alarm. The sandbox runs on a manual clock that each wait of the watch moves.
 */

const minute = 60_000;
const production = 'flarenet-production';
const service = 'api-gateway';
const alarmName = 'api-gateway-5xx';

let fleet: ActionTestFleet | null = null;
const extraClients: Array<{ destroy(): void }> = [];

afterEach(async () => {
  for (const client of extraClients.splice(0)) client.destroy();
  await fleet?.close();
  fleet = null;
});

async function startFleet(...args: Parameters<typeof startActionTestFleet>): Promise<ActionTestFleet> {
  fleet = await startActionTestFleet({
    manualClock: true,
    pollIntervalMs: 2000,
    rolloutTimeoutMs: 10 * minute,
    ...args[0],
  });
  return fleet;
}

function cloudWatchOf(started: ActionTestFleet): CloudWatchClient {
  const client = sandboxCloudWatchClient(started.testSandbox.sandbox.ecsEndpoint);
  extraClients.push(client);
  return client;
}

async function alarmState(cloudWatch: CloudWatchClient): Promise<string | undefined> {
  const answer = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  return answer.MetricAlarms?.[0]?.StateValue;
}

/**
 * A calm fleet for five minutes, then a broken gateway release; returns the revision the
 * gateway ran before it and the broken one.
 */
async function deployBrokenGateway(
  started: ActionTestFleet,
  circuitBreaker: 'off' | 'rollback',
): Promise<{ original: string; broken: string }> {
  const { sandbox } = started.testSandbox;
  sandbox.advance(5 * minute);
  const original = primaryDeployment(await describeOne(started.ecs, production, service)).taskDefinition!;
  const { taskDefinitionArn } = await sandbox.runScenario({
    kind: 'bad-deploy',
    cluster: production,
    service,
    circuitBreaker,
  });
  return { original, broken: taskDefinitionArn! };
}

describe('a rollback of a service behind a load balancer', () => {
  it('cites the 5XX rise and the firing alarm in the plan and the audit log, and ends once the restored revision is healthy targets', async () => {
    const started = await startFleet();
    const { ecs, services } = started;
    const { sandbox } = started.testSandbox;
    const cloudWatch = cloudWatchOf(started);
    const { original: before, broken } = await deployBrokenGateway(started, 'off');
    sandbox.advance(3 * minute);
    expect(await alarmState(cloudWatch)).toBe('ALARM');

    const plan = await services.planRollback({ cluster: production, service });
    expect(plan.current.arn).toBe(broken);
    expect(plan.target.arn).toBe(before);
    const { evidence } = plan;
    expect(evidence.revision).toBe(plan.current.label);
    expect(evidence.deployedAt).toBe(
      primaryDeployment(await describeOne(ecs, production, service)).createdAt!.getTime(),
    );
    const errors = evidence.changes.find((entry) => entry.metric === '5xx-rate')!;
    expect(errors.before).not.toBeNull();
    expect(errors.after).not.toBeNull();
    expect(errors.before!).toBeLessThan(0.01);
    expect(errors.after!).toBeGreaterThan(10 * errors.before!);
    const latency = evidence.changes.find((entry) => entry.metric === 'p99-latency')!;
    expect(latency.after!).toBeGreaterThan(2 * latency.before!);
    for (const entry of evidence.changes) expect(entry.text).not.toMatch(/not enough data/);
    expect(evidence.alarmsInAlarm).toContain(alarmName);
    expect(evidence.notes).toEqual([]);
    expect(evidence.summary).toMatch(
      new RegExp(
        `^since ${plan.current.label} was deployed 3 min ago, 5XX rate [\\d.]+ % → [\\d.]+ %, p99 [\\d.]+ m?s → [\\d.]+ m?s, CPU \\d+ % → \\d+ %, memory \\d+ % → \\d+ %, alarm ${alarmName} in ALARM$`,
      ),
    );
    expect(evidence.summary).toContain(errors.text);

    const { final, progress: watching } = await runPlan(services, plan.id);
    expect(final.phase).toBe('succeeded');
    expect(final.message).toMatch(
      /^api-gateway:\d+ is PRIMARY with 4\/4 running and its rollout COMPLETED; 4 of 4 targets healthy; alarm api-gateway-5xx (ALARM since before the watch|OK)\.$/,
    );
    expect(watching.some((message) => /\d of 4 targets healthy/.test(message))).toBe(true);
    expect(
      watching.some((message) => message.includes(`alarm ${alarmName} ALARM since before the watch`)),
    ).toBe(true);

    // What the load balancer says right after the watch ended: every task of the restored revision is a healthy target.
    const described = await describeOne(ecs, production, service);
    expect(isSettledOn(before)(described)).toBe(true);
    const elb = new ElasticLoadBalancingV2Client(sandboxClientConfig(sandbox.ecsEndpoint));
    extraClients.push(elb);
    const health = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: described.loadBalancers![0]!.targetGroupArn! }),
    );
    expect(health.TargetHealthDescriptions?.map((target) => target.TargetHealth?.State)).toEqual([
      'healthy',
      'healthy',
      'healthy',
      'healthy',
    ]);

    const startLine = (await services.auditLog.read()).records.find(
      (record) => record.entry.actionId === final.actionId && record.entry.type === 'start',
    );
    expect(startLine?.entry.plan?.evidence).toEqual(evidence);
  });

  it('fails the watch, naming the alarm, when the deployment alarm goes to ALARM during the rollout', async () => {
    const started = await startFleet();
    const { ecs, services } = started;
    const cloudWatch = cloudWatchOf(started);
    // The circuit breaker takes the broken release back at once; it stays registered and ACTIVE.
    const { original, broken } = await deployBrokenGateway(started, 'rollback');
    started.testSandbox.sandbox.advance(6 * minute);
    expect(isSettledOn(original)(await describeOne(ecs, production, service))).toBe(true);
    expect(await alarmState(cloudWatch)).toBe('OK');
    await disableCircuitBreaker(ecs, production, service);

    const revision = Number(broken.slice(broken.lastIndexOf(':') + 1));
    const plan = await services.planRollback({ cluster: production, service, targetRevision: revision });
    expect(plan.target.arn).toBe(broken);
    expect(plan.evidence.alarmsInAlarm).toEqual([]);
    const { final } = await runPlan(services, plan.id);

    expect(final.phase).toBe('failed');
    expect(final.message).toMatch(
      new RegExp(
        `^Alarm ${alarmName} went to ALARM during the rollout of ${plan.target.label}: Threshold Crossed`,
      ),
    );
    expect(await alarmState(cloudWatch)).toBe('ALARM');
    const end = (await services.auditLog.read()).records.find(
      (record) => record.entry.actionId === final.actionId && record.entry.type === 'end',
    );
    expect(end?.entry).toMatchObject({ outcome: 'failed', message: final.message });
  });

  it('does not succeed on target health it cannot read: the progress says why and the watch times out', async () => {
    const { services, ecs } = await startWithUnreachable('loadBalancing');
    const plan = await services.planRollback({ cluster: production, service });
    expect(plan.method.kind).toBe('update-service');
    const errors = plan.evidence.changes.find((entry) => entry.metric === '5xx-rate')!;
    expect(errors).toMatchObject({ before: null, after: null, text: '5XX rate not enough data' });
    expect(plan.evidence.notes.join(' ')).toMatch(
      /The target group could not be read \(Cannot reach the endpoint/,
    );
    expect(plan.evidence.changes.find((entry) => entry.metric === 'cpu')?.after).not.toBeNull();

    const { final, progress } = await runPlan(services, plan.id);
    expect(final.phase).toBe('timed-out');
    expect(final.message).toMatch(
      /^Not finished after 2 min: PRIMARY api-gateway:\d+: 4\/4 running, 0 pending, rollout COMPLETED; cannot check target health: Cannot reach the endpoint/,
    );
    expect(progress.some((message) => message.includes('cannot check target health'))).toBe(true);
    // ECS alone would have called it done.
    expect(isSettledOn(plan.target.arn!)(await describeOne(ecs, production, service))).toBe(true);
  });

  it('does not succeed on alarms it cannot read, and the plan says it cannot check them', async () => {
    const { services, ecs } = await startWithUnreachable('cloudWatch');
    const plan = await services.planRollback({ cluster: production, service });
    expect(plan.evidence.alarmsInAlarm).toBeNull();
    expect(plan.evidence.summary).toMatch(/, alarms: cannot check$/);
    for (const entry of plan.evidence.changes) expect(entry).toMatchObject({ before: null, after: null });
    expect(plan.evidence.notes.join(' ')).toMatch(/CloudWatch metrics could not be read/);

    const { final, progress } = await runPlan(services, plan.id);
    expect(final.phase).toBe('timed-out');
    expect(final.message).toMatch(
      /rollout COMPLETED; 4 of 4 targets healthy; cannot check alarms: Cannot reach the endpoint/,
    );
    expect(progress.some((message) => message.includes('cannot check alarms'))).toBe(true);
    expect(isSettledOn(plan.target.arn!)(await describeOne(ecs, production, service))).toBe(true);
  });
});

/** A fleet whose console reaches ELBv2 or CloudWatch at an endpoint nothing answers, after five calm minutes. */
async function startWithUnreachable(which: 'loadBalancing' | 'cloudWatch'): Promise<ActionTestFleet> {
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  const healthClients = new HealthClientFactory({ maxAttempts: 1, connectionTimeoutMs: 1000 });
  extraClients.push({ destroy: () => healthClients.destroyAll() });
  const started = await startFleet({
    rolloutTimeoutMs: 2 * minute,
    healthClients: {
      clientsFor: (target) => {
        const reachable = healthClients.clientsFor(target);
        const dead = healthClients.clientsFor({ ...target, endpoint: unreachable });
        return { ...reachable, [which]: dead[which] };
      },
      destroyAll: () => healthClients.destroyAll(),
    },
  });
  started.testSandbox.sandbox.advance(5 * minute);
  return started;
}

/** Runs a production plan to its end; the final progress and the messages of the watch. */
async function runPlan(
  services: ActionTestFleet['services'],
  planId: string,
): Promise<{ final: ActionProgress; progress: string[] }> {
  const { actionId } = await services.execute({ planId, confirmation: service });
  const seen: ActionProgress[] = [];
  services.subscribeProgress(
    actionId,
    (event) => seen.push(event),
    () => {},
  );
  const final = await services.finished(actionId);
  return {
    final,
    progress: seen.filter((event) => event.phase === 'in-progress').map((event) => event.message),
  };
}
