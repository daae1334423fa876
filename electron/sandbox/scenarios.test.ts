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
});
