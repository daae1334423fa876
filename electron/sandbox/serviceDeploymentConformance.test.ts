import {
  ClusterNotFoundException,
  ConflictException,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  ServiceDeploymentNotFoundException,
  type ServiceDeploymentStatus,
  ServiceNotFoundException,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';

let harness: TestSandbox;

beforeAll(async () => {
  harness = await startTestSandbox();
});

afterAll(async () => {
  await harness.close();
});

/** Registers a healthy new revision of a family from its current definition. */
async function registerNextRevision(family: string, tag: string): Promise<string> {
  const { taskDefinition } = await harness.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: family,
          image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/${family}:${tag}`,
          healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/health || exit 1'] },
        },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

describe('service deployments', () => {
  it('lists the deployment a service is running on as SUCCESSFUL', async () => {
    const { serviceDeployments } = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'flarenet-production', service: 'api-gateway' }),
    );
    expect(serviceDeployments).toHaveLength(1);
    expect(serviceDeployments![0]).toMatchObject({
      status: 'SUCCESSFUL',
      serviceArn: 'arn:aws:ecs:us-east-1:000000000000:service/flarenet-production/api-gateway',
      clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production',
    });
    expect(serviceDeployments![0]!.serviceDeploymentArn).toMatch(
      /^arn:aws:ecs:us-east-1:000000000000:service-deployment\/flarenet-production\/api-gateway\/\w+$/,
    );
    expect(serviceDeployments![0]!.finishedAt).toBeInstanceOf(Date);
  });

  it('follows an UpdateService deployment from IN_PROGRESS to SUCCESSFUL, with source and target revisions', async () => {
    const { ecs, sandbox } = harness;
    const arn = await registerNextRevision('notification-service', 'v2.8.0');
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'flarenet-staging',
        service: 'notification-service',
        taskDefinition: arn,
      }),
    );
    expect(service!.deployments!.map((deployment) => deployment.status)).toEqual(['PRIMARY', 'ACTIVE']);
    const current = service!.currentServiceDeployment!;

    sandbox.advance(1_000);
    const [during] = (
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current] }))
    ).serviceDeployments!;
    expect(during).toMatchObject({
      status: 'IN_PROGRESS',
      deploymentCircuitBreaker: { status: 'MONITORING', threshold: 3 },
    });
    expect(during!.startedAt).toBeInstanceOf(Date);
    expect(during!.targetServiceRevision).toMatchObject({ requestedTaskCount: 2, pendingTaskCount: 2 });
    expect(during!.sourceServiceRevisions).toHaveLength(1);
    expect(during!.sourceServiceRevisions![0]).toMatchObject({ runningTaskCount: 2 });

    sandbox.advance(15_000);
    const [after] = (
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current] }))
    ).serviceDeployments!;
    expect(after).toMatchObject({
      status: 'SUCCESSFUL',
      deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE' },
    });
    expect(after!.targetServiceRevision).toMatchObject({ runningTaskCount: 2, pendingTaskCount: 0 });
    expect(after!.finishedAt!.getTime()).toBeGreaterThan(after!.startedAt!.getTime());

    const listed = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'flarenet-staging', service: 'notification-service' }),
    );
    expect(listed.serviceDeployments!.map((record) => record.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
    expect(listed.serviceDeployments![0]!.serviceDeploymentArn).toBe(current);
    const onlyRecent = await ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'flarenet-staging',
        service: 'notification-service',
        createdAt: { after: new Date(harness.clock.now() - 60_000) },
      }),
    );
    expect(onlyRecent.serviceDeployments!.map((record) => record.serviceDeploymentArn)).toEqual([current]);
  });

  it('rolls back with StopServiceDeployment ROLLBACK to the revision the service ran before', async () => {
    const { ecs, sandbox } = harness;
    const before = (
      await ecs.send(
        new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['inventory-service'] }),
      )
    ).services![0]!;
    const arn = await registerNextRevision('inventory-service', 'v1.6.0');
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'flarenet-production',
        service: 'inventory-service',
        taskDefinition: arn,
      }),
    );
    const current = service!.currentServiceDeployment!;
    sandbox.advance(1_000);

    const stopped = await ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: current, stopType: 'ROLLBACK' }),
    );
    expect(stopped.serviceDeploymentArn).toBe(current);
    const [requested] = (
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current] }))
    ).serviceDeployments!;
    expect(requested!.status).toBe('ROLLBACK_REQUESTED');

    sandbox.advance(500);
    const [rolling] = (
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current] }))
    ).serviceDeployments!;
    expect(rolling!.status).toBe('ROLLBACK_IN_PROGRESS');
    expect(rolling!.rollback!.startedAt).toBeInstanceOf(Date);
    expect(rolling!.rollback!.serviceRevisionArn).toBe(rolling!.sourceServiceRevisions![0]!.arn);
    const { serviceRevisions } = await ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [rolling!.rollback!.serviceRevisionArn!, rolling!.targetServiceRevision!.arn!],
      }),
    );
    expect(serviceRevisions!.map((revision) => revision.taskDefinition)).toEqual([
      before.taskDefinition,
      arn,
    ]);

    sandbox.advance(20_000);
    const [done] = (
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current] }))
    ).serviceDeployments!;
    expect(done!.status).toBe('ROLLBACK_SUCCESSFUL');
    const after = (
      await ecs.send(
        new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['inventory-service'] }),
      )
    ).services![0]!;
    expect(after.taskDefinition).toBe(before.taskDefinition);
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments![0]).toMatchObject({
      rolloutState: 'COMPLETED',
      taskDefinition: before.taskDefinition,
      runningCount: before.desiredCount,
    });
    const rollbackStatuses = await ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'flarenet-production',
        service: 'inventory-service',
        status: ['ROLLBACK_SUCCESSFUL'],
      }),
    );
    expect(rollbackStatuses.serviceDeployments!.map((record) => record.serviceDeploymentArn)).toEqual([
      current,
    ]);
  });

  it('refuses to stop a finished deployment, an unknown one, or with ABORT', async () => {
    const { ecs } = harness;
    const { serviceDeployments } = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'flarenet-production', service: 'user-service' }),
    );
    const finished = serviceDeployments![0]!.serviceDeploymentArn!;
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: finished, stopType: 'ROLLBACK' })),
    ).rejects.toBeInstanceOf(ConflictException);
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: finished, stopType: 'ABORT' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    const unknown =
      'arn:aws:ecs:us-east-1:000000000000:service-deployment/flarenet-production/user-service/NoSuchDeployment';
    await expect(
      ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: unknown })),
    ).rejects.toBeInstanceOf(ServiceDeploymentNotFoundException);
    const described = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [finished, unknown] }),
    );
    expect(described.serviceDeployments!.map((record) => record.serviceDeploymentArn)).toEqual([finished]);
    expect(described.failures).toEqual([{ arn: unknown, reason: 'MISSING' }]);
  });

  it('answers ServiceNotFoundException for the deployments of an unknown service', async () => {
    const list = harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'flarenet-production', service: 'billing-service' }),
    );
    await expect(list).rejects.toBeInstanceOf(ServiceNotFoundException);
  });
});

describe('ListServiceDeployments filters and pages', () => {
  const cluster = 'flarenet-staging';
  const service = 'payment-service';
  const list = (input: Omit<ConstructorParameters<typeof ListServiceDeploymentsCommand>[0], 'service'>) =>
    harness.ecs.send(new ListServiceDeploymentsCommand({ cluster, service, ...input }));
  let createdAt: Date[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      harness.sandbox.advance(60_000);
      await harness.ecs.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true }));
      harness.sandbox.advance(20_000);
    }
    const { serviceDeployments } = await list({});
    createdAt = serviceDeployments!.map((record) => record.createdAt!);
  });

  it('pages newest first with maxResults and nextToken', async () => {
    const everything = (await list({})).serviceDeployments!.map((record) => record.serviceDeploymentArn);
    expect(everything).toHaveLength(4);
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b.getTime() - a.getTime()));
    const first = await list({ maxResults: 3 });
    expect(first.serviceDeployments).toHaveLength(3);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await list({ maxResults: 3, nextToken: first.nextToken });
    expect(second.nextToken).toBeUndefined();
    expect(
      [...first.serviceDeployments!, ...second.serviceDeployments!].map(
        (record) => record.serviceDeploymentArn,
      ),
    ).toEqual(everything);
  });

  it('filters on status and on when a deployment was created', async () => {
    expect((await list({ status: ['SUCCESSFUL'] })).serviceDeployments).toHaveLength(4);
    expect((await list({ status: ['IN_PROGRESS', 'ROLLBACK_FAILED'] })).serviceDeployments).toEqual([]);
    const older = await list({ createdAt: { before: new Date(createdAt[1]!.getTime() - 1) } });
    expect(older.serviceDeployments!.map((record) => record.createdAt)).toEqual(createdAt.slice(2));
    const between = await list({ createdAt: { after: createdAt[2], before: createdAt[1] } });
    expect(between.serviceDeployments!.map((record) => record.createdAt)).toEqual(createdAt.slice(1, 3));
  });

  it('refuses a page size outside 1..100, a token it did not give for this list, and unknown statuses', async () => {
    await expect(list({ maxResults: 0 })).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(list({ maxResults: 101 })).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(list({ nextToken: 'not-a-token' })).rejects.toBeInstanceOf(InvalidParameterException);
    const otherList = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster, service: 'auth-service', maxResults: 1 }),
    );
    expect(otherList.nextToken).toBeUndefined();
    const page = await list({ maxResults: 1 });
    await expect(
      harness.ecs.send(
        new ListServiceDeploymentsCommand({ cluster, service: 'auth-service', nextToken: page.nextToken }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(list({ status: ['FINISHED' as ServiceDeploymentStatus] })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('answers ClusterNotFoundException for an unknown cluster, and for none (the default cluster)', async () => {
    await expect(
      harness.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'flarenet-qa', service })),
    ).rejects.toBeInstanceOf(ClusterNotFoundException);
    await expect(harness.ecs.send(new ListServiceDeploymentsCommand({ service }))).rejects.toBeInstanceOf(
      ClusterNotFoundException,
    );
  });
});

describe('a service deployment watched by CloudWatch alarms and stopped while it rolls back', () => {
  it('shows the alarms it monitors, and lets a rollback under way go on when asked to stop again', async () => {
    const { ecs, sandbox } = harness;
    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'flarenet-production',
        service: 'auth-service',
        forceNewDeployment: true,
        deploymentConfiguration: {
          alarms: { alarmNames: ['auth-service-5xx', 'auth-service-p99'], enable: true, rollback: true },
        },
      }),
    );
    const current = service!.currentServiceDeployment!;
    const describe = async () =>
      (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [current] })))
        .serviceDeployments![0]!;
    expect((await describe()).alarms).toEqual({
      status: 'MONITORING',
      alarmNames: ['auth-service-5xx', 'auth-service-p99'],
      triggeredAlarmNames: [],
    });

    sandbox.advance(1_000);
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: current, stopType: 'ROLLBACK' }));
    sandbox.advance(500);
    expect((await describe()).status).toBe('ROLLBACK_IN_PROGRESS');
    const again = await ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: current, stopType: 'ROLLBACK' }),
    );
    expect(again.serviceDeploymentArn).toBe(current);

    sandbox.advance(30_000);
    const done = await describe();
    expect(done.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(done.alarms!.status).toBe('MONITORING_COMPLETE');
  });
});
