import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  type ServiceDeployment,
  type ServiceRevision,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';

/**
 * DescribeServiceRevisions through the real ECS client, and the revision each kind of
 * deployment leaves behind: a good deploy, a bad one rolled back by the circuit breaker, and
 * a rollback made by hand with UpdateService.
 */

const production = 'flarenet-production';
const staging = 'flarenet-staging';
const revisionArnPattern = (cluster: string, service: string) =>
  new RegExp(`^arn:aws:ecs:us-east-1:000000000000:service-revision/${cluster}/${service}/\\d{19}$`);

let harness: TestSandbox;

beforeAll(async () => {
  harness = await startTestSandbox();
});

afterAll(async () => {
  await harness.close();
});

async function describeService(cluster: string, service: string): Promise<Service> {
  const { services } = await harness.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return services![0]!;
}

async function revisions(...arns: string[]): Promise<ServiceRevision[]> {
  const answer = await harness.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns }));
  expect(answer.failures).toEqual([]);
  return answer.serviceRevisions!;
}

/** The service's deployments, newest first, as DescribeServiceDeployments tells them. */
async function serviceDeployments(cluster: string, service: string): Promise<ServiceDeployment[]> {
  const listed = await harness.ecs.send(new ListServiceDeploymentsCommand({ cluster, service }));
  const arns = listed.serviceDeployments!.map((brief) => brief.serviceDeploymentArn!);
  const described = await harness.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns }),
  );
  return described.serviceDeployments!;
}

async function registerRelease(family: string, tag: string): Promise<string> {
  const { taskDefinition } = await harness.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: family, image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/${family}:${tag}` },
        { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4' },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

describe('the revision a service runs', () => {
  it('describes what it deploys: task definition, launch type, network, images resolved to the digests its tasks run', async () => {
    const service = await describeService(production, 'api-gateway');
    const [current] = service.currentServiceRevisions!;
    expect(current!.arn).toMatch(revisionArnPattern(production, 'api-gateway'));
    expect(current).toMatchObject({ requestedTaskCount: 4, runningTaskCount: 4, pendingTaskCount: 0 });

    const [revision] = await revisions(current!.arn!);
    expect(revision).toMatchObject({
      serviceRevisionArn: current!.arn,
      serviceArn: service.serviceArn,
      clusterArn: service.clusterArn,
      taskDefinition: service.taskDefinition,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      networkConfiguration: service.networkConfiguration,
      guardDutyEnabled: false,
    });
    expect(revision!.capacityProviderStrategy).toBeUndefined();
    expect(revision!.loadBalancers).toEqual(service.loadBalancers);
    expect(revision!.loadBalancers![0]).toMatchObject({ containerName: 'api-gateway', containerPort: 8080 });
    expect(revision!.loadBalancers![0]!.targetGroupArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup\/flarenet-production-api-gateway\/[0-9a-f]{16}$/,
    );
    expect(revision!.createdAt).toBeInstanceOf(Date);

    const { taskArns } = await harness.ecs.send(
      new ListTasksCommand({ cluster: production, serviceName: 'api-gateway' }),
    );
    const { tasks } = await harness.ecs.send(
      new DescribeTasksCommand({ cluster: production, tasks: taskArns }),
    );
    const running = new Set(
      tasks!.flatMap((task) => task.containers!.map((container) => container.imageDigest)),
    );
    expect(revision!.containerImages).toHaveLength(1);
    const [image] = revision!.containerImages!;
    expect(image!.containerName).toBe('api-gateway');
    expect(image!.image).toMatch(/flarenet\/api-gateway:v2\.4\.\d+$/);
    expect(image!.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect([...running]).toEqual([revision!.containerImages![0]!.imageDigest]);
  });

  it('is the target of the service deployment that put it in place', async () => {
    const service = await describeService(staging, 'auth-service');
    const [record] = await serviceDeployments(staging, 'auth-service');
    expect(record!.targetServiceRevision!.arn).toBe(service.currentServiceRevisions![0]!.arn);
    expect(record!.targetServiceRevision).toMatchObject({ requestedTaskCount: 2, runningTaskCount: 2 });
  });
});

describe('the revisions deployments leave behind', () => {
  it('a good deploy makes a new revision with the new images; the old one stays describable as its source', async () => {
    const before = await describeService(staging, 'catalog-service');
    const arn = await registerRelease('catalog-service', 'v3.1.0');
    await harness.ecs.send(
      new UpdateServiceCommand({ cluster: staging, service: 'catalog-service', taskDefinition: arn }),
    );
    harness.sandbox.advance(20_000);

    const [latest] = await serviceDeployments(staging, 'catalog-service');
    expect(latest!.status).toBe('SUCCESSFUL');
    const sourceArn = latest!.sourceServiceRevisions![0]!.arn!;
    const targetArn = latest!.targetServiceRevision!.arn!;
    expect(sourceArn).toBe(before.currentServiceRevisions![0]!.arn);
    expect(targetArn).not.toBe(sourceArn);
    const [target, source] = await revisions(targetArn, sourceArn);
    expect(target!.taskDefinition).toBe(arn);
    expect(source!.taskDefinition).toBe(before.taskDefinition);
    expect(target!.containerImages!.map((image) => [image.containerName, image.image])).toEqual([
      ['catalog-service', '123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/catalog-service:v3.1.0'],
      ['log-router', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4'],
    ]);
    expect(target!.containerImages![0]!.imageDigest).not.toBe(source!.containerImages![0]!.imageDigest);
    expect(target!.createdAt!.getTime()).toBeGreaterThan(source!.createdAt!.getTime());
    expect((await describeService(staging, 'catalog-service')).currentServiceRevisions).toEqual([
      { arn: targetArn, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 },
    ]);
  });

  it('a bad deploy rolled back by the circuit breaker returns to the revision it came from', async () => {
    const before = await describeService(production, 'order-service');
    const { taskDefinitionArn } = await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'order-service',
    });
    harness.sandbox.advance(60_000);

    const records = await serviceDeployments(production, 'order-service');
    expect(records.map((record) => record.status)).toEqual(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL']);
    const [failed] = records;
    expect(failed).toMatchObject({
      statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
      deploymentCircuitBreaker: { status: 'TRIGGERED' },
      rollback: { serviceRevisionArn: before.currentServiceRevisions![0]!.arn },
    });
    expect(failed!.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(
      failed!.deploymentCircuitBreaker!.threshold!,
    );
    expect(failed!.finishedAt!.getTime()).toBeGreaterThan(failed!.rollback!.startedAt!.getTime());
    expect(failed!.targetServiceRevision).toMatchObject({ runningTaskCount: 0, pendingTaskCount: 0 });

    const [target, rolledBackTo] = await revisions(
      failed!.targetServiceRevision!.arn!,
      failed!.rollback!.serviceRevisionArn!,
    );
    expect(target!.taskDefinition).toBe(taskDefinitionArn);
    expect(rolledBackTo!.taskDefinition).toBe(before.taskDefinition);
    const after = await describeService(production, 'order-service');
    expect(after.taskDefinition).toBe(before.taskDefinition);
    expect(after.currentServiceRevisions!.map((revision) => revision.arn)).toEqual([
      before.currentServiceRevisions![0]!.arn,
    ]);
  });

  it('a bad deploy the circuit breaker fails without rolling back is STOPPED, its revision kept', async () => {
    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: staging,
        service: 'inventory-service',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
      }),
    );
    const { taskDefinitionArn } = await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: staging,
      service: 'inventory-service',
    });
    harness.sandbox.advance(60_000);
    const [failed] = await serviceDeployments(staging, 'inventory-service');
    expect(failed).toMatchObject({
      status: 'STOPPED',
      statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
      deploymentCircuitBreaker: { status: 'TRIGGERED' },
    });
    expect(failed!.rollback).toBeUndefined();
    expect(failed!.stoppedAt).toBeInstanceOf(Date);
    const [revision] = await revisions(failed!.targetServiceRevision!.arn!);
    expect(revision!.taskDefinition).toBe(taskDefinitionArn);
  });

  it('a rollback by hand with UpdateService stops the bad deployment and deploys the old definition as a new revision', async () => {
    const before = await describeService(production, 'analytics-service');
    const { taskDefinitionArn } = await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'analytics-service',
      circuitBreaker: 'off',
    });
    harness.sandbox.advance(8_000);
    const [bad] = await serviceDeployments(production, 'analytics-service');
    expect(bad).toMatchObject({ status: 'IN_PROGRESS', deploymentCircuitBreaker: { status: 'DISABLED' } });

    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: production,
        service: 'analytics-service',
        taskDefinition: before.taskDefinition,
      }),
    );
    const [, superseded] = await serviceDeployments(production, 'analytics-service');
    expect(superseded).toMatchObject({
      serviceDeploymentArn: bad!.serviceDeploymentArn,
      status: 'STOP_REQUESTED',
      statusReason: 'Stopped because a newer service deployment started.',
    });

    harness.sandbox.advance(30_000);
    const records = await serviceDeployments(production, 'analytics-service');
    expect(records.map((record) => record.status)).toEqual(['SUCCESSFUL', 'STOPPED', 'SUCCESSFUL']);
    const [manual, stopped, original] = records;
    expect(stopped!.stoppedAt).toBeInstanceOf(Date);
    expect(stopped!.finishedAt).toBeUndefined();
    expect(manual!.sourceServiceRevisions!.map((source) => source.arn)).toEqual([
      bad!.targetServiceRevision!.arn,
      original!.targetServiceRevision!.arn,
    ]);
    const [manualRevision, badRevision] = await revisions(
      manual!.targetServiceRevision!.arn!,
      bad!.targetServiceRevision!.arn!,
    );
    expect(manualRevision!.serviceRevisionArn).not.toBe(original!.targetServiceRevision!.arn);
    expect(manualRevision!.taskDefinition).toBe(before.taskDefinition);
    expect(badRevision!.taskDefinition).toBe(taskDefinitionArn);
  });
});

describe('DescribeServiceRevisions refusals and failures', () => {
  const unknown = `arn:aws:ecs:us-east-1:000000000000:service-revision/${production}/user-service/1234567890123456789`;

  it('lists revisions it does not have as MISSING, including those of another account', async () => {
    const current = (await describeService(production, 'user-service')).currentServiceRevisions![0]!.arn!;
    const foreign = current.replace('000000000000', '111122223333');
    const answer = await harness.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [current, unknown, foreign] }),
    );
    expect(answer.serviceRevisions!.map((revision) => revision.serviceRevisionArn)).toEqual([current]);
    expect(answer.failures).toEqual([
      { arn: unknown, reason: 'MISSING' },
      { arn: foreign, reason: 'MISSING' },
    ]);
  });

  it('refuses no ARNs, more than 20, and text that is not a service revision ARN', async () => {
    const send = (serviceRevisionArns: string[]) =>
      harness.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns }));
    await expect(send([])).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(send(Array.from({ length: 21 }, () => unknown))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(send(['user-service'])).rejects.toThrow(/Invalid service-revision ARN/);
    await expect(
      send([`arn:aws:ecs:us-east-1:000000000000:service-deployment/${production}/user-service/abc`]),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });
});
