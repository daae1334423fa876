import { describe, expect, it } from 'vitest';
import { fleetWindowEncoder } from '../../../shared/fleet/fleetWindow';
import type { ClusterStatus, FleetSnapshot, ServiceSummary } from '../../../shared/fleet/fleetModel';
import { createFleetStore } from './fleetStore';
import { fleetWithoutConnection } from './fleetStaleness';

function cluster(clusterName: string, lastSuccessAt: number): ClusterStatus {
  return {
    environment: 'production',
    clusterName,
    clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${clusterName}`,
    state: 'ok',
    lastSuccessAt,
    error: null,
    serviceCount: 1,
    pollIntervalMs: 5_000,
    achievedIntervalMs: 5_000,
  };
}

function service(clusterName: string): ServiceSummary {
  return {
    key: `arn:aws:ecs:us-east-1:123456789012:cluster/${clusterName}|payment-service`,
    environment: 'production',
    clusterName,
    clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${clusterName}`,
    serviceName: 'payment-service',
    serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/${clusterName}/payment-service`,
    status: 'ACTIVE',
    health: 'healthy',
    healthReason: '3/3 running',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/payment-service:3',
    family: 'payment-service',
    revision: 3,
    image: null,
    imageTag: null,
    deployments: [],
    newestEvent: null,
    observedAt: 100_000,
  };
}

const snapshot: FleetSnapshot = {
  clusters: [cluster('fresh', 100_000), cluster('old', 90_000)],
  services: [service('fresh'), service('old')],
  generatedAt: 100_000,
};

describe('fleetWithoutConnection', () => {
  it('marks stale only the clusters whose data outlived the poll interval plus the margin, and their services', () => {
    const stale = fleetWithoutConnection(snapshot, 100_500);
    expect(stale?.clusters.map((c) => c.state)).toEqual(['ok', 'stale']);
    expect(stale?.clusters[1]?.error?.message).toBe('no connection to the console');
    expect(stale?.services.map((s) => s.health)).toEqual(['healthy', 'stale']);
    expect(stale?.services[1]?.healthReason).toMatch(/no connection to the console/);
  });

  it('changes nothing during a blip shorter than the interval plus the margin', () => {
    expect(fleetWithoutConnection(snapshot, 99_000)).toBeNull();
  });

  it('lets the next snapshot from main replace the stale marks, and counts the services of stale clusters as stale meanwhile', () => {
    const store = createFleetStore();
    const fromMain = (published: FleetSnapshot) =>
      fleetWindowEncoder(
        store.getState().request,
        () => published,
      )({ type: 'snapshot', snapshot: published })[0]!;
    store.getState().receive(fromMain(snapshot), 100_000);
    store.getState().markDisconnected(120_000);
    expect([...store.getState().clusters.values()].map((c) => c.state)).toEqual(['stale', 'stale']);
    for (const counts of store.getState().clusterHealth.values())
      expect(counts).toMatchObject({ healthy: 0, stale: 1 });
    store.getState().receive(fromMain({ ...snapshot, generatedAt: 130_000 }), 130_000);
    expect([...store.getState().clusters.values()].map((c) => c.state)).toEqual(['ok', 'ok']);
  });
});
