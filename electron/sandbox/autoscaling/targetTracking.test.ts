import { describe, expect, it } from 'vitest';
import { EcsSimulation } from '../ecsSimulation';
import { ManualClock } from '../sandboxClock';
import { runScenario } from '../scenarios';
import { createSandboxAutoscaling } from './autoScalingEndpoint';

function createFleet(seed: number) {
  const clock = new ManualClock();
  const simulation = new EcsSimulation({ clock, seed, lively: false });
  const autoscaling = createSandboxAutoscaling(simulation, seed);
  const advance = (ms: number): void => {
    for (let moved = 0; moved < ms; moved += 200) {
      clock.advance(200);
      simulation.tick();
      autoscaling.step(clock.now());
    }
  };
  const desiredCount = (cluster: string, service: string): number =>
    simulation.findCluster(cluster)!.services.get(service)!.service.desiredCount!;
  return { simulation, autoscaling, advance, desiredCount };
}

/** What a run left behind: every scaling it did, and the service's events about tasks. */
function scaleRun(seed: number) {
  const fleet = createFleet(seed);
  runScenario(
    fleet.simulation,
    { kind: 'load', cluster: 'flarenet-production', service: 'payment-service', percent: 180, minutes: 2 },
    null,
    fleet.autoscaling,
  );
  const counts: number[] = [];
  for (let minute = 0; minute < 16; minute++) {
    fleet.advance(60_000);
    counts.push(fleet.desiredCount('flarenet-production', 'payment-service'));
  }
  const service = fleet.simulation.findCluster('flarenet-production')!.services.get('payment-service')!;
  return { counts, events: service.events.map((event) => event.message) };
}

describe('target tracking', () => {
  it('is the same history for the same seed and advances', () => {
    const first = scaleRun(5);
    expect(first.counts.some((count) => count > 3)).toBe(true);
    expect(first.counts.at(-1)).toBe(3);
    expect(scaleRun(5)).toEqual(first);
  });

  it('never scales past the maximum, however heavy the load', () => {
    const fleet = createFleet(9);
    fleet.autoscaling.applyLoad(
      fleet.simulation.findCluster('flarenet-production')!.services.get('api-gateway')!,
      1000,
      10,
    );
    const counts: number[] = [];
    for (let step = 0; step < 20; step++) {
      fleet.advance(30_000);
      counts.push(fleet.desiredCount('flarenet-production', 'api-gateway'));
    }
    expect(Math.max(...counts)).toBe(12);
    // Even at twelve tasks the load is more than they can serve: CPU stays at its ceiling.
    const during = fleet.autoscaling.serviceLoad(
      'flarenet-production',
      'api-gateway',
      Date.UTC(2025, 5, 2, 9, 5),
    );
    expect(during?.cpuPercent).toBe(100);
  });

  it('leaves staging services at their count: only production scales', () => {
    const fleet = createFleet(3);
    const { summary } = runScenario(
      fleet.simulation,
      { kind: 'load', cluster: 'flarenet-staging', service: 'order-service', percent: 300 },
      null,
      fleet.autoscaling,
    );
    expect(summary).toMatch(/only production services scale/);
    fleet.advance(5 * 60_000);
    expect(fleet.desiredCount('flarenet-staging', 'order-service')).toBe(2);
  });

  it('names what exists when the load names an unknown service', () => {
    const fleet = createFleet(3);
    expect(() =>
      runScenario(
        fleet.simulation,
        { kind: 'load', cluster: 'flarenet-production', service: 'billing', percent: 150 },
        null,
        fleet.autoscaling,
      ),
    ).toThrow(/Unknown service "billing".*payment-service/);
  });
});
