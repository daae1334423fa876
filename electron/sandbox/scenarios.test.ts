import { describe, expect, it } from 'vitest';
import { EcsSimulation } from './ecsSimulation';
import { ManualClock } from './sandboxClock';
import { runScenario } from './scenarios';
import { isHealthy } from './taskLifecycle';

function createSimulation() {
  return { simulation: new EcsSimulation({ clock: new ManualClock(), seed: 11, lively: false }) };
}

describe('scenarios', () => {
  it('rebuilds the fleet at the size asked for', () => {
    const { simulation } = createSimulation();
    const result = runScenario(simulation, { kind: 'scale', clusters: 3, servicesPerCluster: 20 });
    expect(result.summary).toMatch(
      /^Rebuilt the fleet: 3 clusters × 20 services \(60 services, \d+ tasks\)\.$/,
    );
    const clusters = simulation.listClusters();
    expect(clusters.map((cluster) => cluster.name)).toEqual([
      'flarenet-staging',
      'flarenet-production',
      'flarenet-bench-3',
    ]);
    for (const cluster of clusters) {
      expect(new Set(cluster.services.keys()).size).toBe(20);
      for (const service of cluster.services.values())
        expect(service.tasks.filter(isHealthy).length).toBe(service.service.desiredCount);
    }
  });

  it('names what exists when a deploy names an unknown cluster or service', () => {
    const { simulation } = createSimulation();
    expect(() =>
      runScenario(simulation, { kind: 'bad-deploy', cluster: 'flarenet-qa', service: 'payment-service' }),
    ).toThrow('Unknown cluster "flarenet-qa". The sandbox has: flarenet-staging, flarenet-production.');
    expect(() =>
      runScenario(simulation, { kind: 'good-deploy', cluster: 'flarenet-staging', service: 'billing' }),
    ).toThrow(/Unknown service "billing".*payment-service/);
  });

  it('gives every new release a tag past the newest one the family has used', () => {
    const { simulation } = createSimulation();
    const first = runScenario(simulation, {
      kind: 'good-deploy',
      cluster: 'flarenet-staging',
      service: 'payment-service',
    });
    const second = runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    const image = (arn: string | undefined) =>
      simulation.taskDefinitions.find(arn!)!.taskDefinition.containerDefinitions![0]!.image;
    expect(image(first.taskDefinitionArn)).toMatch(/payment-service:v1\.2\.4$/);
    expect(image(second.taskDefinitionArn)).toMatch(/payment-service:v1\.2\.5$/);
  });

  it('deploys a bad release with the circuit breaker off: the deployment keeps failing until replaced', () => {
    const clock = new ManualClock();
    const simulation = new EcsSimulation({ clock, seed: 11, lively: false });
    const result = runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    expect(result.summary).toMatch(/the circuit breaker is off, so it keeps launching failing tasks/);
    const service = simulation.findService(
      simulation.findCluster('flarenet-production')!,
      'payment-service',
    )!;
    expect(service.service.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: false,
      rollback: false,
    });
    for (let i = 0; i < 600; i++) {
      clock.advance(200);
      simulation.tick();
    }
    const [newest] = service.deployments;
    expect(newest!.deployment.taskDefinition).toBe(result.taskDefinitionArn);
    expect(newest!.deployment.rolloutState).toBe('IN_PROGRESS');
    expect(newest!.deployment.failedTasks).toBeGreaterThan(10);
    expect(service.tasks.filter(isHealthy).length).toBe(3);

    const replaced = runScenario(simulation, {
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    for (let i = 0; i < 300; i++) {
      clock.advance(200);
      simulation.tick();
    }
    expect(service.deployments[0]!.deployment).toMatchObject({
      taskDefinition: replaced.taskDefinitionArn,
      rolloutState: 'COMPLETED',
    });

    const restored = runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'rollback',
    });
    expect(restored.summary).toMatch(/the circuit breaker should roll it back/);
    expect(service.service.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true,
    });
  });

  it('has no consumer groups to drive without Kafka traffic', () => {
    const { simulation } = createSimulation();
    expect(() =>
      runScenario(simulation, { kind: 'consumer', group: 'payment-service', behaviour: 'stall' }),
    ).toThrow(/without Kafka traffic/);
  });
});
