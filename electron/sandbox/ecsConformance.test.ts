import {
  ClusterNotFoundException,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ECSServiceException,
  InvalidParameterException,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEcs, startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';

const production = 'flarenet-production';
const staging = 'flarenet-staging';
const fleetServices = [
  'api-gateway',
  'auth-service',
  'user-service',
  'order-service',
  'inventory-service',
  'catalog-service',
  'payment-service',
  'notification-service',
  'analytics-service',
];

let harness: TestSandbox;
let ecs: ECSClient;

beforeAll(async () => {
  harness = await startTestSandbox();
  ecs = harness.ecs;
});

afterAll(async () => {
  await harness.close();
});

describe('clusters', () => {
  it('lists both FlareNet clusters by ARN', async () => {
    const { clusterArns } = await ecs.send(new ListClustersCommand({}));
    expect(clusterArns).toEqual([
      `arn:aws:ecs:us-east-1:000000000000:cluster/${staging}`,
      `arn:aws:ecs:us-east-1:000000000000:cluster/${production}`,
    ]);
  });

  it('describes clusters by name or ARN with task counts, and reports unknown ones as MISSING', async () => {
    const { clusters, failures } = await ecs.send(
      new DescribeClustersCommand({
        clusters: [production, `arn:aws:ecs:us-east-1:000000000000:cluster/${staging}`, 'flarenet-qa'],
        include: ['TAGS'],
      }),
    );
    expect(clusters?.map((cluster) => cluster.clusterName)).toEqual([production, staging]);
    const productionCluster = clusters![0]!;
    expect(productionCluster.status).toBe('ACTIVE');
    expect(productionCluster.activeServicesCount).toBe(9);
    expect(productionCluster.runningTasksCount).toBeGreaterThan(clusters![1]!.runningTasksCount!);
    expect(productionCluster.tags).toContainEqual({ key: 'environment', value: 'production' });
    expect(failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-qa', reason: 'MISSING' },
    ]);
  });

  it('describes the default cluster when none is named, which does not exist', async () => {
    const { clusters, failures } = await ecs.send(new DescribeClustersCommand({}));
    expect(clusters).toEqual([]);
    expect(failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/default', reason: 'MISSING' },
    ]);
  });
});

describe('services', () => {
  it('pages through ListServices with nextToken', async () => {
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ecs.send(new ListServicesCommand({ cluster: production, maxResults: 4, nextToken }));
      expect(page.serviceArns!.length).toBeLessThanOrEqual(4);
      names.push(...page.serviceArns!.map((arn) => arn.split('/').pop()!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(names.sort()).toEqual([...fleetServices].sort());
  });

  it('returns one page of at most 10 by default', async () => {
    const page = await ecs.send(new ListServicesCommand({ cluster: staging }));
    expect(page.serviceArns).toHaveLength(9);
    expect(page.nextToken).toBeUndefined();
    expect(page.serviceArns![0]).toBe(`arn:aws:ecs:us-east-1:000000000000:service/${staging}/api-gateway`);
  });

  it('refuses page sizes outside 1..100 and tokens it did not issue', async () => {
    await expect(
      ecs.send(new ListServicesCommand({ cluster: production, maxResults: 101 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      ecs.send(new ListServicesCommand({ cluster: production, maxResults: 0 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      ecs.send(new ListServicesCommand({ cluster: production, nextToken: 'not-a-token' })),
    ).rejects.toThrow(/nextToken/);
  });

  it('describes a service as ECS does: counts, one completed deployment, circuit breaker, newest event first', async () => {
    const { services, failures } = await ecs.send(
      new DescribeServicesCommand({ cluster: production, services: ['payment-service'], include: ['TAGS'] }),
    );
    expect(failures).toEqual([]);
    const service = services![0]!;
    expect(service.serviceArn).toBe(
      `arn:aws:ecs:us-east-1:000000000000:service/${production}/payment-service`,
    );
    expect(service.status).toBe('ACTIVE');
    expect(service.desiredCount).toBeGreaterThanOrEqual(2);
    expect(service.runningCount).toBe(service.desiredCount);
    expect(service.pendingCount).toBe(0);
    expect(service.createdAt).toBeInstanceOf(Date);
    expect(service.deploymentConfiguration).toMatchObject({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    });
    expect(service.deployments).toHaveLength(1);
    const deployment = service.deployments![0]!;
    expect(deployment).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      desiredCount: service.desiredCount,
      runningCount: service.desiredCount,
    });
    expect(deployment.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(deployment.taskDefinition).toBe(service.taskDefinition);
    expect(deployment.createdAt!.getTime()).toBeLessThan(harness.clock.now());
    const eventTimes = service.events!.map((event) => event.createdAt!.getTime());
    expect(eventTimes).toEqual([...eventTimes].sort((a, b) => b - a));
    expect(service.events![0]!.message).toBe('(service payment-service) has reached a steady state.');
    expect(service.tags).toContainEqual({ key: 'environment', value: 'production' });
  });

  it('runs larger desired counts in production than in staging', async () => {
    const describe = async (cluster: string) =>
      (
        await ecs.send(new DescribeServicesCommand({ cluster, services: fleetServices.slice(0, 9) }))
      ).services!.map((service) => service.desiredCount!);
    const [stagingCounts, productionCounts] = await Promise.all([describe(staging), describe(production)]);
    for (const [index, count] of productionCounts.entries()) {
      expect(count).toBeGreaterThanOrEqual(stagingCounts[index]!);
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(4);
    }
    expect(productionCounts.reduce((a, b) => a + b)).toBeGreaterThan(stagingCounts.reduce((a, b) => a + b));
  });

  it('accepts services by ARN and reports unknown names as MISSING failures', async () => {
    const arn = `arn:aws:ecs:us-east-1:000000000000:service/${staging}/order-service`;
    const { services, failures } = await ecs.send(
      new DescribeServicesCommand({ cluster: staging, services: [arn, 'billing-service'] }),
    );
    expect(services?.map((service) => service.serviceName)).toEqual(['order-service']);
    expect(failures).toEqual([
      { arn: `arn:aws:ecs:us-east-1:000000000000:service/${staging}/billing-service`, reason: 'MISSING' },
    ]);
  });

  it('refuses more than 10 services per DescribeServices', async () => {
    const eleven = [...fleetServices, 'a-service', 'b-service'];
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: production, services: eleven })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('answers ClusterNotFoundException for an unknown cluster and for a call without one', async () => {
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'flarenet-qa', services: ['payment-service'] })),
    ).rejects.toBeInstanceOf(ClusterNotFoundException);
    await expect(ecs.send(new ListServicesCommand({}))).rejects.toBeInstanceOf(ClusterNotFoundException);
  });

  it('answers ServiceNotFoundException when updating a service that does not exist', async () => {
    const update = ecs.send(
      new UpdateServiceCommand({ cluster: production, service: 'billing-service', desiredCount: 2 }),
    );
    await expect(update).rejects.toBeInstanceOf(ServiceNotFoundException);
  });

  it('scales a service with UpdateService desiredCount and reaches the new count', async () => {
    const { service } = await ecs.send(
      new UpdateServiceCommand({ cluster: staging, service: 'catalog-service', desiredCount: 4 }),
    );
    expect(service?.desiredCount).toBe(4);
    expect(service?.deployments).toHaveLength(1);
    harness.sandbox.advance(10_000);
    const after = (
      await ecs.send(new DescribeServicesCommand({ cluster: staging, services: ['catalog-service'] }))
    ).services![0]!;
    expect(after.runningCount).toBe(4);
    expect(after.events![0]!.message).toBe('(service catalog-service) has reached a steady state.');
    expect(after.events!.some((event) => /has started 2 tasks/.test(event.message!))).toBe(true);
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: staging, service: 'catalog-service', desiredCount: -1 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('starts a new deployment of the same revision with forceNewDeployment, replacing every task', async () => {
    const before = (
      await ecs.send(new DescribeServicesCommand({ cluster: production, services: ['user-service'] }))
    ).services![0]!;
    const { taskArns: oldTasks } = await ecs.send(
      new ListTasksCommand({ cluster: production, serviceName: 'user-service' }),
    );
    const { service } = await ecs.send(
      new UpdateServiceCommand({ cluster: production, service: 'user-service', forceNewDeployment: true }),
    );
    expect(service!.deployments!.map((deployment) => [deployment.status, deployment.taskDefinition])).toEqual(
      [
        ['PRIMARY', before.taskDefinition],
        ['ACTIVE', before.taskDefinition],
      ],
    );
    harness.sandbox.advance(20_000);
    const after = (
      await ecs.send(new DescribeServicesCommand({ cluster: production, services: ['user-service'] }))
    ).services![0]!;
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments![0]!.id).toBe(service!.deployments![0]!.id);
    const { taskArns: newTasks } = await ecs.send(
      new ListTasksCommand({ cluster: production, serviceName: 'user-service' }),
    );
    expect(newTasks).toHaveLength(before.desiredCount!);
    expect(newTasks!.some((arn) => oldTasks!.includes(arn))).toBe(false);
    const { taskArns: stopped } = await ecs.send(
      new ListTasksCommand({ cluster: production, serviceName: 'user-service', desiredStatus: 'STOPPED' }),
    );
    expect([...stopped!].sort()).toEqual([...oldTasks!].sort());
  });
});

describe('tasks', () => {
  it('lists the running tasks of a service and describes them with healthy containers', async () => {
    const { taskArns } = await ecs.send(
      new ListTasksCommand({ cluster: production, serviceName: 'auth-service' }),
    );
    const desired = (
      await ecs.send(new DescribeServicesCommand({ cluster: production, services: ['auth-service'] }))
    ).services![0]!.desiredCount;
    expect(taskArns).toHaveLength(desired!);
    const { tasks, failures } = await ecs.send(
      new DescribeTasksCommand({ cluster: production, tasks: taskArns }),
    );
    expect(failures).toEqual([]);
    for (const task of tasks!) {
      expect(task).toMatchObject({
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        healthStatus: 'HEALTHY',
        group: 'service:auth-service',
        launchType: 'FARGATE',
      });
      expect(task.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
      expect(task.startedAt).toBeInstanceOf(Date);
      expect(task.taskDefinitionArn).toMatch(/task-definition\/auth-service:\d+$/);
      expect(task.containers![0]).toMatchObject({
        name: 'auth-service',
        lastStatus: 'RUNNING',
        healthStatus: 'HEALTHY',
      });
      expect(task.containers![0]!.image).toMatch(/flarenet\/auth-service:v\d+\.\d+\.\d+$/);
    }
  });

  it('lists stopped tasks separately and pages through tasks', async () => {
    const stopped = await ecs.send(
      new ListTasksCommand({
        cluster: production,
        serviceName: 'analytics-service',
        desiredStatus: 'STOPPED',
      }),
    );
    expect(stopped.taskArns).toEqual([]);
    const first = await ecs.send(new ListTasksCommand({ cluster: production, maxResults: 5 }));
    expect(first.taskArns).toHaveLength(5);
    const second = await ecs.send(
      new ListTasksCommand({ cluster: production, maxResults: 5, nextToken: first.nextToken }),
    );
    expect(second.taskArns!.some((arn) => first.taskArns!.includes(arn))).toBe(false);
  });

  it('describes tasks by id, reports unknown ones as MISSING and refuses more than 100', async () => {
    const { taskArns } = await ecs.send(
      new ListTasksCommand({ cluster: staging, serviceName: 'inventory-service' }),
    );
    const id = taskArns![0]!.split('/').pop()!;
    const { tasks, failures } = await ecs.send(
      new DescribeTasksCommand({ cluster: staging, tasks: [id, '0123456789abcdef0123456789abcdef'] }),
    );
    expect(tasks?.map((task) => task.taskArn)).toEqual([taskArns![0]]);
    expect(failures).toEqual([
      {
        arn: `arn:aws:ecs:us-east-1:000000000000:task/${staging}/0123456789abcdef0123456789abcdef`,
        reason: 'MISSING',
      },
    ]);
    const tooMany = Array.from({ length: 101 }, (_, index) => index.toString(16).padStart(32, '0'));
    await expect(
      ecs.send(new DescribeTasksCommand({ cluster: staging, tasks: tooMany })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('answers ServiceNotFoundException when listing the tasks of an unknown service', async () => {
    await expect(
      ecs.send(new ListTasksCommand({ cluster: production, serviceName: 'billing-service' })),
    ).rejects.toBeInstanceOf(ServiceNotFoundException);
  });
});

describe('throttling', () => {
  it('answers ThrottlingException during a throttle scenario, which the SDK treats as retryable throttling, until it ends', async () => {
    await harness.sandbox.runScenario({ kind: 'throttle', seconds: 5 });
    const error: unknown = await ecs.send(new ListClustersCommand({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ECSServiceException);
    expect((error as ECSServiceException).name).toBe('ThrottlingException');
    expect((error as ECSServiceException).$metadata.httpStatusCode).toBe(400);

    const retrying = new ECSClient({
      endpoint: harness.sandbox.ecsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      maxAttempts: 2,
    });
    try {
      const retried: unknown = await retrying
        .send(new ListClustersCommand({}))
        .catch((caught: unknown) => caught);
      expect((retried as ECSServiceException).name).toBe('ThrottlingException');
      expect((retried as ECSServiceException).$metadata.attempts).toBe(2);
    } finally {
      retrying.destroy();
    }

    harness.sandbox.advance(5_000);
    await expect(ecs.send(new ListClustersCommand({}))).resolves.toMatchObject({
      clusterArns: expect.any(Array) as unknown,
    });
  });
});

describe('wire protocol', () => {
  it('sends JSON 1.1 with timestamps as epoch seconds', async () => {
    const { status, headers, json } = await postEcs(
      harness.sandbox.ecsEndpoint,
      'AmazonEC2ContainerServiceV20141113.DescribeServices',
      JSON.stringify({ cluster: production, services: ['payment-service'] }),
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const service = (
      json as { services: Array<{ createdAt: unknown; deployments: Array<{ createdAt: unknown }> }> }
    ).services[0]!;
    expect(typeof service.createdAt).toBe('number');
    expect(service.createdAt as number).toBeLessThan(harness.clock.now() / 1000);
    expect(typeof service.deployments[0]!.createdAt).toBe('number');
  });

  it('keeps millisecond timestamps exact through the SDK', async () => {
    const { taskArns } = await ecs.send(
      new ListTasksCommand({ cluster: staging, serviceName: 'api-gateway' }),
    );
    const [task] = (
      await ecs.send(new DescribeTasksCommand({ cluster: staging, tasks: taskArns!.slice(0, 1) }))
    ).tasks!;
    const simulated = harness.sandbox.simulation
      .findService(harness.sandbox.simulation.findCluster(staging)!, 'api-gateway')!
      .tasks.find((candidate) => candidate.task.taskArn === task!.taskArn)!.task;
    expect(simulated.startedAt!.getTime() % 1000).not.toBe(0);
    expect(task!.startedAt!.getTime()).toBe(simulated.startedAt!.getTime());
    expect(task!.createdAt!.getTime()).toBe(simulated.createdAt!.getTime());
  });

  it('answers errors in AWS shape: an unknown operation, malformed JSON, a wrong member type, a missing member', async () => {
    const endpoint = harness.sandbox.ecsEndpoint;
    const unknown = await postEcs(endpoint, 'AmazonEC2ContainerServiceV20141113.LaunchRockets', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ __type: 'UnknownOperationException' });
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');

    const missingTarget = await postEcs(endpoint, null, '{}');
    expect(missingTarget.json).toMatchObject({ __type: 'UnknownOperationException' });

    const malformed = await postEcs(
      endpoint,
      'AmazonEC2ContainerServiceV20141113.ListClusters',
      '{"maxResults": ',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ __type: 'SerializationException' });

    const notAnObject = await postEcs(endpoint, 'AmazonEC2ContainerServiceV20141113.ListClusters', '[1, 2]');
    expect(notAnObject.json).toMatchObject({ __type: 'SerializationException' });

    const wrongType = await postEcs(
      endpoint,
      'AmazonEC2ContainerServiceV20141113.DescribeServices',
      JSON.stringify({ cluster: production, services: 'payment-service' }),
    );
    expect(wrongType.json).toMatchObject({ __type: 'SerializationException' });

    const missing = await postEcs(
      endpoint,
      'AmazonEC2ContainerServiceV20141113.DescribeServices',
      JSON.stringify({ cluster: production }),
    );
    expect(missing.json).toMatchObject({
      __type: 'InvalidParameterException',
      message: expect.stringMatching(/services/) as unknown,
    });

    // The server is still answering after all of that.
    const { clusterArns } = await ecs.send(new ListClustersCommand({}));
    expect(clusterArns).toHaveLength(2);
  });
});
