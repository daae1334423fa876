import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from './sandbox';
import { startSandboxOnDemand } from './sandboxOnDemand';

const opened: Sandbox[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

async function postScenario(sandbox: Sandbox, scenario: object): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sandbox.ecsEndpoint}/_sandbox/scenario`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario),
  });
  return { status: response.status, json: await response.json() };
}

function ecsClient(sandbox: Sandbox): ECSClient {
  return new ECSClient({
    endpoint: sandbox.ecsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
}

async function clusterArns(sandbox: Sandbox): Promise<string[]> {
  const client = ecsClient(sandbox);
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListClustersCommand({ nextToken }));
    arns.push(...(page.clusterArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  client.destroy();
  return arns;
}

describe('sandbox at scale', () => {
  it('rebuilds the fleet and its consumer groups through the control endpoint', async () => {
    const sandbox = await startSandbox({ clock: new ManualClock(), seed: 7, lively: false });
    opened.push(sandbox);
    const { status, json } = await postScenario(sandbox, {
      kind: 'scale',
      clusters: 4,
      servicesPerCluster: 30,
      groups: 40,
    });
    expect(status).toBe(200);
    expect((json as { summary: string }).summary).toMatch(
      /^Rebuilt the fleet: 4 clusters × 30 services \(120 services, [\d,]+ tasks, 40 consumer groups with traffic\)\.$/,
    );
    expect(await clusterArns(sandbox)).toHaveLength(4);
    const traffic = sandbox.kafka.traffic!;
    expect(traffic.groupIds()).toHaveLength(40);
    sandbox.advance(10_000);
    for (const groupId of traffic.groupIds())
      expect(sandbox.kafka.broker.coordinator.describeGroup(groupId).state, groupId).toBe('Stable');

    // Fewer groups: the dropped ones leave, their offsets stay on the broker.
    await postScenario(sandbox, { kind: 'scale', clusters: 2, servicesPerCluster: 9, groups: 5 });
    sandbox.advance(1_000);
    expect(traffic.groupIds()).toHaveLength(5);
    const dropped = 'analytics-service-bench-1';
    expect(sandbox.kafka.broker.coordinator.describeGroup(dropped).state).toBe('Empty');
    expect(sandbox.kafka.broker.coordinator.committedOffsets(dropped).length).toBeGreaterThan(0);
  });

  it('makes a one-cluster fleet production, where the Kafka traffic runs', async () => {
    const sandbox = await startSandbox({
      clock: new ManualClock(),
      seed: 7,
      lively: false,
      fleet: { clusters: 1, servicesPerCluster: 30 },
    });
    opened.push(sandbox);
    expect(sandbox.clusterNames()).toEqual(['flarenet-production']);
    sandbox.advance(10_000);
    expect(sandbox.kafka.broker.coordinator.describeGroup('payment-service').state).toBe('Stable');
  });

  it('refuses sizes past the sandbox’s limits in words', async () => {
    const sandbox = await startSandbox({ clock: new ManualClock(), seed: 7, lively: false });
    opened.push(sandbox);
    const { status, json } = await postScenario(sandbox, {
      kind: 'scale',
      clusters: 2,
      servicesPerCluster: 9,
      groups: 50_000,
    });
    expect(status).toBe(400);
    expect((json as { error: string }).error).toMatch(/^Invalid scenario \(groups: .*20000/);
  });

  it('starts the console’s sandbox at the size FLARENET_SANDBOX_SCALE names', async () => {
    const sandbox = await startSandboxOnDemand(
      { clock: new ManualClock(), seed: 7, lively: false },
      { FLARENET_SANDBOX_SCALE: 'clusters=3,services=20,groups=12' },
    );
    opened.push(sandbox);
    expect(await clusterArns(sandbox)).toHaveLength(3);
    expect(sandbox.simulation.listClusters().every((cluster) => cluster.services.size === 20)).toBe(true);
    expect(sandbox.kafka.traffic!.groupIds()).toHaveLength(12);
    await expect(startSandboxOnDemand({}, { FLARENET_SANDBOX_SCALE: 'clusters=100' })).rejects.toThrow(
      /at most 50 clusters/,
    );
  });

  it('tells who listens each time a scale scenario rebuilt the fleet, whoever asked for it', async () => {
    const sandbox = await startSandbox({ clock: new ManualClock(), seed: 7, lively: false });
    opened.push(sandbox);
    const heard: string[][] = [];
    const stop = sandbox.onFleetRebuilt(() => heard.push(sandbox.clusterNames()));
    await sandbox.runScenario({ kind: 'scale', clusters: 3, servicesPerCluster: 2 });
    await postScenario(sandbox, { kind: 'scale', clusters: 1, servicesPerCluster: 2 });
    await sandbox.runScenario({ kind: 'throttle', seconds: 1 });
    expect(heard).toEqual([
      ['flarenet-staging', 'flarenet-production', 'flarenet-bench-3'],
      ['flarenet-production'],
    ]);
    stop();
    await sandbox.runScenario({ kind: 'scale', clusters: 2, servicesPerCluster: 2 });
    expect(heard).toHaveLength(2);
  });

  it('never gives a rebuilt fleet’s task definitions the revision numbers of the fleet before', async () => {
    const sandbox = await startSandbox({ clock: new ManualClock(), seed: 7, lively: false });
    opened.push(sandbox);
    const client = ecsClient(sandbox);
    const taskDefinitionOf = async () => {
      const { services } = await client.send(
        new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['payment-service'] }),
      );
      return services![0]!.taskDefinition!;
    };
    const before = await taskDefinitionOf();
    await sandbox.runScenario({ kind: 'scale', clusters: 2, servicesPerCluster: 9 });
    const after = await taskDefinitionOf();
    const revision = (arn: string) => Number(arn.split(':').at(-1));
    expect(revision(after)).toBeGreaterThan(revision(before));
    // As in ECS, the old fleet's revision is gone rather than answered with the new fleet's content.
    await expect(client.send(new DescribeTaskDefinitionCommand({ taskDefinition: before }))).rejects.toThrow(
      /Unable to describe task definition/,
    );
    const described = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: after }));
    expect(described.taskDefinition?.taskDefinitionArn).toBe(after);
    client.destroy();
  });
});
