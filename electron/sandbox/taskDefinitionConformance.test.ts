import {
  ClientException,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
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

describe('task definitions', () => {
  it('describes a revision with the containers FlareNet runs: image, environment, secrets, ports, awslogs', async () => {
    const { ecs } = harness;
    const service = (
      await ecs.send(
        new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['payment-service'] }),
      )
    ).services![0]!;
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }),
    );
    expect(taskDefinition).toMatchObject({
      family: 'payment-service',
      status: 'ACTIVE',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
    });
    expect(taskDefinition!.registeredAt).toBeInstanceOf(Date);
    expect(Number(taskDefinition!.cpu)).toBeGreaterThan(0);
    expect(Number(taskDefinition!.memory)).toBeGreaterThan(0);
    const container = taskDefinition!.containerDefinitions![0]!;
    expect(container.image).toMatch(
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/flarenet\/payment-service:v\d+\.\d+\.\d+$/,
    );
    const environment = new Map(container.environment!.map((pair) => [pair.name, pair.value]));
    expect(environment.get('DB_HOST')).toMatch(/\.flarenet\.internal$/);
    expect(environment.get('KAFKA_BROKERS')).toMatch(/:9092/);
    expect(environment.get('LOG_LEVEL')).toBe('info');
    expect(container.secrets!.map((secret) => secret.name)).toContain('DB_PASSWORD');
    expect(container.secrets![0]!.valueFrom).toMatch(/^arn:aws:(secretsmanager|ssm):us-east-1:000000000000:/);
    expect(container.portMappings![0]).toMatchObject({
      containerPort: expect.any(Number) as unknown,
      protocol: 'tcp',
    });
    expect(container.command!.length).toBeGreaterThan(0);
    expect(container.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/flarenet/payment-service',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'payment-service',
      },
    });
  });

  it('finds a definition by family (newest ACTIVE revision), family:revision and ARN', async () => {
    const { ecs } = harness;
    const byFamily = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'order-service' })))
      .taskDefinition!;
    const byRevision = (
      await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: `order-service:${byFamily.revision}` }),
      )
    ).taskDefinition!;
    const byArn = (
      await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: byFamily.taskDefinitionArn, include: ['TAGS'] }),
      )
    ).taskDefinition!;
    expect(byRevision.taskDefinitionArn).toBe(byFamily.taskDefinitionArn);
    expect(byArn.taskDefinitionArn).toBe(byFamily.taskDefinitionArn);
    const revisions = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'order-service', sort: 'DESC' }),
    );
    expect(revisions.taskDefinitionArns![0]).toBe(byFamily.taskDefinitionArn);
    await expect(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'billing-service:1' })),
    ).rejects.toBeInstanceOf(ClientException);
  });

  it('runs a newer revision of some services in staging than in production, from one family namespace', async () => {
    const { ecs } = harness;
    const names = ['auth-service', 'order-service', 'catalog-service', 'notification-service'];
    const definitions = async (cluster: string) =>
      (await ecs.send(new DescribeServicesCommand({ cluster, services: names }))).services!.map(
        (service) => service.taskDefinition!,
      );
    const [staging, production] = await Promise.all([
      definitions('flarenet-staging'),
      definitions('flarenet-production'),
    ]);
    const revision = (arn: string) => Number(arn.split(':').pop());
    const ahead = staging.filter((arn, index) => revision(arn) > revision(production[index]!));
    expect(ahead.length).toBeGreaterThan(0);
    for (const [index, arn] of staging.entries())
      expect(arn.replace(/:\d+$/, '')).toBe(production[index]!.replace(/:\d+$/, ''));
  });

  it('lists families in order, filters by family and status, and pages', async () => {
    const { ecs } = harness;
    const ascending = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'api-gateway' }));
    const revisions = ascending.taskDefinitionArns!.map((arn) => Number(arn.split(':').pop()));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(ascending.taskDefinitionArns!.every((arn) => arn.includes('task-definition/api-gateway:'))).toBe(
      true,
    );
    const inactive = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'api-gateway', status: 'INACTIVE' }),
    );
    expect(inactive.taskDefinitionArns).toEqual([
      'arn:aws:ecs:us-east-1:000000000000:task-definition/api-gateway:1',
    ]);
    expect(ascending.taskDefinitionArns).not.toContain(inactive.taskDefinitionArns![0]);

    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTaskDefinitionsCommand({ maxResults: 7, nextToken }));
      for (const arn of page.taskDefinitionArns!) seen.add(arn);
      nextToken = page.nextToken;
    } while (nextToken);
    const all = await ecs.send(new ListTaskDefinitionsCommand({}));
    expect(seen).toEqual(new Set(all.taskDefinitionArns));
    expect(seen.size).toBeGreaterThan(20);
  });

  it('registers a new revision that DescribeTaskDefinition then returns', async () => {
    const { ecs } = harness;
    const before = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'user-service' })))
      .taskDefinition!;
    const { taskDefinition: registered } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'user-service',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          {
            name: 'user-service',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/user-service:v3.2.0',
            environment: [{ name: 'LOG_LEVEL', value: 'warn' }],
            portMappings: [{ containerPort: 8082 }],
          },
        ],
        tags: [{ key: 'team', value: 'accounts' }],
      }),
    );
    expect(registered!.revision).toBe(before.revision! + 1);
    expect(registered!.status).toBe('ACTIVE');
    const described = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'user-service', include: ['TAGS'] }),
    );
    expect(described.taskDefinition!.taskDefinitionArn).toBe(registered!.taskDefinitionArn);
    expect(described.taskDefinition!.containerDefinitions![0]).toMatchObject({
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/user-service:v3.2.0',
      essential: true,
      portMappings: [{ containerPort: 8082, hostPort: 8082, protocol: 'tcp' }],
    });
    expect(described.tags).toEqual([{ key: 'team', value: 'accounts' }]);
  });

  it('refuses a registration without containers or images', async () => {
    const { ecs } = harness;
    await expect(
      ecs.send(new RegisterTaskDefinitionCommand({ family: 'user-service', containerDefinitions: [] })),
    ).rejects.toBeInstanceOf(ClientException);
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'user-service',
          containerDefinitions: [{ name: 'app' }],
        }),
      ),
    ).rejects.toThrow(/image/);
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'bad family!',
          containerDefinitions: [{ name: 'a', image: 'b' }],
        }),
      ),
    ).rejects.toThrow(/Family/);
  });

  it('deregisters a revision to INACTIVE, after which UpdateService refuses it', async () => {
    const { ecs } = harness;
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'analytics-service',
        networkMode: 'awsvpc',
        containerDefinitions: [
          {
            name: 'analytics-service',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/analytics-service:v0.9.9',
          },
        ],
      }),
    );
    const arn = taskDefinition!.taskDefinitionArn!;
    const deregistered = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
    expect(deregistered.taskDefinition).toMatchObject({ taskDefinitionArn: arn, status: 'INACTIVE' });
    expect(deregistered.taskDefinition!.deregisteredAt).toBeInstanceOf(Date);
    const inactive = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'analytics-service', status: 'INACTIVE' }),
    );
    expect(inactive.taskDefinitionArns).toContain(arn);

    const update = ecs.send(
      new UpdateServiceCommand({
        cluster: 'flarenet-staging',
        service: 'analytics-service',
        taskDefinition: arn,
      }),
    );
    await expect(update).rejects.toBeInstanceOf(ClientException);
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'flarenet-staging',
          service: 'analytics-service',
          taskDefinition: arn,
        }),
      ),
    ).rejects.toThrow('TaskDefinition is inactive');
    const service = (
      await ecs.send(
        new DescribeServicesCommand({ cluster: 'flarenet-staging', services: ['analytics-service'] }),
      )
    ).services![0]!;
    expect(service.taskDefinition).not.toBe(arn);
    expect(service.deployments).toHaveLength(1);
  });

  it('resolves a family ARN without a revision, or the bare family, to its newest ACTIVE revision', async () => {
    const { ecs } = harness;
    const register = async (tag: string) =>
      (
        await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'user-service',
            networkMode: 'awsvpc',
            requiresCompatibilities: ['FARGATE'],
            cpu: '256',
            memory: '512',
            containerDefinitions: [
              {
                name: 'user-service',
                image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/user-service:${tag}`,
              },
            ],
          }),
        )
      ).taskDefinition!.taskDefinitionArn!;
    const wanted = await register('v3.0.0');
    const withdrawn = await register('v3.0.1');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: withdrawn }));
    const familyArn = 'arn:aws:ecs:us-east-1:000000000000:task-definition/user-service';

    for (const reference of [familyArn, 'user-service']) {
      const { taskDefinition } = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: reference }),
      );
      expect(taskDefinition!.taskDefinitionArn).toBe(wanted);
    }
    for (const [cluster, reference] of [
      ['flarenet-staging', familyArn],
      ['flarenet-production', 'user-service'],
    ] as const) {
      const { service } = await ecs.send(
        new UpdateServiceCommand({ cluster, service: 'user-service', taskDefinition: reference }),
      );
      expect(service!.taskDefinition).toBe(wanted);
      expect(service!.deployments![0]).toMatchObject({ status: 'PRIMARY', taskDefinition: wanted });
    }
  });

  it('finds nothing for a family whose every revision is INACTIVE', async () => {
    const { ecs } = harness;
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'nightly-report',
        containerDefinitions: [{ name: 'report', image: 'public.ecr.aws/docker/library/busybox:1.36' }],
      }),
    );
    await ecs.send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinition!.taskDefinitionArn }),
    );
    await expect(
      ecs.send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: 'arn:aws:ecs:us-east-1:000000000000:task-definition/nightly-report',
        }),
      ),
    ).rejects.toBeInstanceOf(ClientException);
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'flarenet-staging',
          service: 'order-service',
          taskDefinition: 'nightly-report',
        }),
      ),
    ).rejects.toThrow('TaskDefinition not found.');
  });

  it('refuses to deregister a family without a revision', async () => {
    await expect(
      harness.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'payment-service' })),
    ).rejects.toBeInstanceOf(ClientException);
  });
});
