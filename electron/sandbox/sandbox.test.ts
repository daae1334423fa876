import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastPace } from './sandbox';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';
import { systemClock } from './sandboxClock';

let harness: TestSandbox;

beforeAll(async () => {
  harness = await startTestSandbox({ clock: systemClock, pace: fastPace });
});

afterAll(async () => {
  await harness.close();
});

describe('a sandbox on the system clock', () => {
  it('moves on by itself: a bad deploy is rolled back while a client polls', async () => {
    const result = await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    const seen = new Set<string>();
    let service: Service | undefined;
    const deadline = Date.now() + 10_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      service = (
        await harness.ecs.send(
          new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['payment-service'] }),
        )
      ).services![0]!;
      for (const deployment of service.deployments!)
        seen.add(`${deployment.taskDefinition}:${deployment.rolloutState}`);
    } while (
      Date.now() < deadline &&
      !(service.deployments!.length === 1 && seen.has(`${result.taskDefinitionArn}:FAILED`))
    );

    expect(seen).toContain(`${result.taskDefinitionArn}:IN_PROGRESS`);
    expect(seen).toContain(`${result.taskDefinitionArn}:FAILED`);
    expect(service.deployments).toHaveLength(1);
    expect(service.deployments![0]!.rolloutState).toBe('COMPLETED');
    expect(service.taskDefinition).not.toBe(result.taskDefinitionArn);
    // The answer above may come from the very step that completed the rollback; the timer's next step settles it.
    const settleBy = Date.now() + 2_000;
    while (!harness.sandbox.simulation.isSettled() && Date.now() < settleBy)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(harness.sandbox.simulation.isSettled()).toBe(true);
  });

  it('refuses to be advanced by hand', () => {
    expect(() => harness.sandbox.advance(1_000)).toThrow(/ManualClock/);
  });
});
