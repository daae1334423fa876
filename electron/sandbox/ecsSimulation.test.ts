import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { EcsSimulation } from './ecsSimulation';
import { serviceView, taskView } from './ecsViews';
import { ManualClock } from './sandboxClock';
import { runScenario } from './scenarios';
import { isHealthy, isLive } from './taskLifecycle';

const stepMs = 100;

function createSimulation(options: { seed?: number; lively?: boolean } = {}) {
  const clock = new ManualClock();
  const simulation = new EcsSimulation({ clock, seed: options.seed ?? 7, lively: options.lively ?? false });
  /** Advances in small steps; `each` sees the simulation after every step. */
  const advance = (ms: number, each?: () => void): void => {
    for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
      clock.advance(stepMs);
      simulation.tick();
      each?.();
    }
  };
  const service = (cluster: string, name: string) =>
    simulation.findService(simulation.findCluster(cluster)!, name)!;
  const view = (cluster: string, name: string): Service => serviceView(service(cluster, name));
  return { clock, simulation, advance, service, view };
}

describe('a bad deploy', () => {
  it('fails its tasks within seconds, trips the circuit breaker and rolls back to the last completed revision', () => {
    const { simulation, advance, service, view, clock } = createSimulation();
    const before = view('flarenet-production', 'payment-service');
    const original = before.deployments![0]!;
    const desired = before.desiredCount!;
    const startedAt = clock.now();

    const result = runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    expect(result.taskDefinitionArn).toMatch(/task-definition\/payment-service:4$/);
    expect(result.summary).toMatch(/payment-service:4 \(v1\.2\.4/);

    let firstFailureAt: number | null = null;
    let trippedAt: number | null = null;
    let lowestHealthy = Number.POSITIVE_INFINITY;
    let mostLive = 0;
    advance(60_000, () => {
      const current = view('flarenet-production', 'payment-service');
      const tasks = service('flarenet-production', 'payment-service').tasks;
      lowestHealthy = Math.min(lowestHealthy, tasks.filter(isHealthy).length);
      mostLive = Math.max(mostLive, tasks.filter(isLive).length);
      const failing = current.deployments!.find(
        (deployment) => deployment.taskDefinition === result.taskDefinitionArn,
      );
      if (firstFailureAt === null && (failing?.failedTasks ?? 0) > 0) firstFailureAt = clock.now();
      if (trippedAt === null && failing?.rolloutState === 'FAILED') {
        trippedAt = clock.now();
        expect(failing.rolloutStateReason).toBe('ECS deployment circuit breaker: tasks failed to start.');
        expect(failing.failedTasks).toBeGreaterThanOrEqual(3);
        expect(failing.status).toBe('ACTIVE');
        const rollback = current.deployments![0]!;
        expect(rollback).toMatchObject({
          status: 'PRIMARY',
          rolloutState: 'IN_PROGRESS',
          taskDefinition: original.taskDefinition,
          rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${original.id}.`,
        });
      }
    });

    expect(firstFailureAt! - startedAt).toBeLessThanOrEqual(6_000);
    expect(trippedAt).not.toBeNull();
    // minimumHealthyPercent 100 and maximumPercent 200: capacity never drops, never doubles past 2x.
    expect(lowestHealthy).toBe(desired);
    expect(mostLive).toBeLessThanOrEqual(2 * desired);

    const after = view('flarenet-production', 'payment-service');
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      taskDefinition: original.taskDefinition,
    });
    expect(after.taskDefinition).toBe(original.taskDefinition);
    expect(after.runningCount).toBe(desired);

    const messages = after.events!.map((event) => event.message!);
    const failed = messages.findIndex((message) =>
      /\(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\.$/.test(message),
    );
    const rollingBack = messages.indexOf(
      `(service payment-service) rolling back to deployment ${original.id}.`,
    );
    expect(messages[0]).toBe('(service payment-service) has reached a steady state.');
    expect(rollingBack).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(rollingBack);
    expect(
      messages.some((message) => /\(task [0-9a-f]{32}\) failed container health checks\.$/.test(message)),
    ).toBe(true);

    const badTasks = service('flarenet-production', 'payment-service')
      .tasks.filter((task) => task.task.taskDefinitionArn === result.taskDefinitionArn)
      .map((task) => taskView(service('flarenet-production', 'payment-service'), task));
    // Tasks still starting when the breaker tripped were stopped by the scheduler instead.
    const drained = badTasks.filter((task) => task.stopCode === 'ServiceSchedulerInitiated');
    const stoppedFailures = badTasks.filter((task) => !drained.includes(task));
    expect(stoppedFailures.length).toBeGreaterThanOrEqual(3);
    for (const task of drained) expect(task.startedAt).toBeUndefined();
    for (const task of stoppedFailures) {
      expect(task.lastStatus).toBe('STOPPED');
      expect(['Task failed container health checks', 'Essential container in task exited']).toContain(
        task.stoppedReason,
      );
      expect(['TaskFailedToStart', 'EssentialContainerExited']).toContain(task.stopCode);
      expect(task.healthStatus).toBe('UNHEALTHY');
      expect(task.containers![0]!.exitCode).toBeGreaterThan(0);
      expect(task.stoppedAt!.getTime()).toBeGreaterThan(task.startedAt!.getTime());
    }

    const record = service('flarenet-production', 'payment-service').serviceDeployments[0]!;
    expect(record).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      deploymentCircuitBreaker: { status: 'TRIGGERED' },
    });
    expect(record.rollback?.reason).toBe('ECS deployment circuit breaker: tasks failed to start.');
  });

  it('needs three failed tasks in staging, more than its two desired tasks, before the breaker trips', () => {
    const { simulation, advance, view } = createSimulation();
    const result = runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-staging',
      service: 'user-service',
    });
    expect(view('flarenet-staging', 'user-service').desiredCount).toBe(2);
    let failedAtTrip: number | undefined;
    advance(60_000, () => {
      const failing = view('flarenet-staging', 'user-service').deployments!.find(
        (deployment) => deployment.taskDefinition === result.taskDefinitionArn,
      );
      if (failedAtTrip === undefined && failing?.rolloutState === 'FAILED')
        failedAtTrip = failing.failedTasks;
    });
    expect(failedAtTrip).toBeGreaterThanOrEqual(3);
    expect(view('flarenet-staging', 'user-service').deployments![0]!.rolloutState).toBe('COMPLETED');
  });

  it('stays FAILED on the bad revision, old tasks still serving, when rollback is off', () => {
    const { simulation, advance, service, view } = createSimulation();
    const target = service('flarenet-production', 'order-service');
    simulation.updateService(target, {
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
    });
    const original = view('flarenet-production', 'order-service').deployments![0]!;
    const result = runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'order-service',
    });
    advance(60_000);
    const after = view('flarenet-production', 'order-service');
    expect(
      after.deployments!.map((deployment) => [
        deployment.status,
        deployment.rolloutState,
        deployment.taskDefinition,
      ]),
    ).toEqual([
      ['PRIMARY', 'FAILED', result.taskDefinitionArn],
      ['ACTIVE', 'COMPLETED', original.taskDefinition],
    ]);
    expect(target.tasks.filter(isHealthy).length).toBe(after.desiredCount);
    expect(target.serviceDeployments[0]).toMatchObject({
      status: 'STOPPED',
      statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
  });
});

describe('a good deploy', () => {
  it('replaces every task without losing capacity, completes and reaches a steady state', () => {
    const { simulation, advance, service, view } = createSimulation();
    const before = view('flarenet-production', 'api-gateway');
    const desired = before.desiredCount!;
    const oldTaskIds = service('flarenet-production', 'api-gateway').tasks.map((task) => task.id);
    const result = runScenario(simulation, {
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'api-gateway',
    });
    expect(result.summary).toMatch(/^Deploying api-gateway:\d+ \(v2\.4\.5\)/);

    let lowestHealthy = Number.POSITIVE_INFINITY;
    let completedAfterMs: number | null = null;
    let elapsed = 0;
    advance(60_000, () => {
      elapsed += stepMs;
      const tasks = service('flarenet-production', 'api-gateway').tasks;
      lowestHealthy = Math.min(lowestHealthy, tasks.filter(isHealthy).length);
      if (
        completedAfterMs === null &&
        view('flarenet-production', 'api-gateway').deployments![0]!.rolloutState === 'COMPLETED'
      )
        completedAfterMs = elapsed;
    });
    expect(lowestHealthy).toBe(desired);
    expect(completedAfterMs).toBeLessThan(30_000);

    const after = view('flarenet-production', 'api-gateway');
    expect(after.deployments).toHaveLength(1);
    expect(after.deployments![0]).toMatchObject({
      rolloutState: 'COMPLETED',
      taskDefinition: result.taskDefinitionArn,
      runningCount: desired,
      failedTasks: 0,
    });
    expect(after.deployments![0]!.rolloutStateReason).toBe(
      `ECS deployment ${after.deployments![0]!.id} completed.`,
    );
    expect(after.events!.slice(0, 2).map((event) => event.message)).toEqual([
      '(service api-gateway) has reached a steady state.',
      `(service api-gateway) (deployment ${after.deployments![0]!.id}) deployment completed.`,
    ]);
    const oldTasks = service('flarenet-production', 'api-gateway').tasks.filter((task) =>
      oldTaskIds.includes(task.id),
    );
    expect(oldTasks).toHaveLength(desired);
    for (const task of oldTasks) {
      expect(task.task).toMatchObject({
        lastStatus: 'STOPPED',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: `Scaling activity initiated by (deployment ${before.deployments![0]!.id})`,
      });
    }
    expect(service('flarenet-production', 'api-gateway').serviceDeployments[0]!.status).toBe('SUCCESSFUL');
  });

  it('moves a task through PROVISIONING, PENDING, ACTIVATING and RUNNING to HEALTHY', () => {
    const { simulation, advance, service } = createSimulation();
    runScenario(simulation, { kind: 'good-deploy', cluster: 'flarenet-staging', service: 'auth-service' });
    const target = service('flarenet-staging', 'auth-service');
    advance(stepMs);
    const fresh = target.tasks.find((task) => task.deploymentId === target.deployments[0]!.id)!;
    const seen: string[] = [`${fresh.task.lastStatus}/${fresh.task.healthStatus}`];
    advance(10_000, () => {
      const state = `${fresh.task.lastStatus}/${fresh.task.healthStatus}`;
      if (seen[seen.length - 1] !== state) seen.push(state);
    });
    expect(seen).toEqual([
      'PROVISIONING/UNKNOWN',
      'PENDING/UNKNOWN',
      'ACTIVATING/UNKNOWN',
      'RUNNING/UNKNOWN',
      'RUNNING/HEALTHY',
    ]);
    expect(fresh.task.startedAt!.getTime() - fresh.task.createdAt!.getTime()).toBeGreaterThan(1_000);
    expect(fresh.task.startedAt!.getTime() - fresh.task.createdAt!.getTime()).toBeLessThan(2_500);
  });
});

describe('determinism', () => {
  /** A history of the whole fleet: a bad deploy among background activity. */
  function history(seed: number): string[] {
    const { simulation, advance } = createSimulation({ seed, lively: true });
    const snapshots: string[] = [];
    const snapshot = () =>
      JSON.stringify(
        simulation
          .listClusters()
          .flatMap((cluster) =>
            [...cluster.services.values()].map((service) => [
              serviceView(service),
              service.tasks.map((task) => task.task),
            ]),
          ),
      );
    snapshots.push(snapshot());
    advance(10_000);
    runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'catalog-service',
    });
    for (let i = 0; i < 12; i++) {
      advance(10_000);
      snapshots.push(snapshot());
    }
    return snapshots;
  }

  it('repeats the same history for the same seed and sequence of advances', () => {
    const first = history(1234);
    expect(history(1234)).toEqual(first);
    expect(history(4321)[0]).not.toEqual(first[0]);
  });
});

describe('background activity', () => {
  it('now and then replaces a task of a healthy service when lively, never when calm', () => {
    const retirements = (lively: boolean): number => {
      const { simulation, advance } = createSimulation({ lively });
      advance(5 * 60_000);
      return simulation
        .listClusters()
        .flatMap((cluster) => [...cluster.services.values()])
        .flatMap((service) => service.tasks)
        .filter((task) => task.task.stopCode === 'TerminationNotice').length;
    };
    expect(retirements(true)).toBeGreaterThan(0);
    expect(retirements(false)).toBe(0);
  });

  it('counts RUNNING and HEALTHY tasks per service for the Kafka simulation', () => {
    const { simulation, advance, view } = createSimulation();
    const counts = simulation.healthyTaskCounts();
    expect(counts).toHaveLength(18);
    for (const count of counts)
      expect(count.healthyTasks).toBe(view(count.clusterName, count.serviceName).desiredCount);

    runScenario(simulation, {
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    const desired = view('flarenet-production', 'payment-service').desiredCount;
    const payment = () =>
      simulation
        .healthyTaskCounts()
        .find(
          (count) => count.clusterName === 'flarenet-production' && count.serviceName === 'payment-service',
        )!;
    advance(60_000, () => expect(payment().healthyTasks).toBeGreaterThanOrEqual(desired!));

    simulation.updateService(
      simulation.findService(simulation.findCluster('flarenet-production')!, 'payment-service')!,
      { desiredCount: 0 },
    );
    advance(5_000);
    expect(payment().healthyTasks).toBe(0);
  });
});
