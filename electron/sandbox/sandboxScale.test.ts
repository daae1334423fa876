import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
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

async function clusterArns(sandbox: Sandbox): Promise<string[]> {
  const client = new ECSClient({
    endpoint: sandbox.ecsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
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
});
