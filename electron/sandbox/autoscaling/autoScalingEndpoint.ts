import { type AwsJsonService, handleAwsJsonRequest } from '../awsJsonProtocol';
import type { SimService } from '../ecsModel';
import type { EcsSimulation } from '../ecsSimulation';
import type { SandboxHttpHandlers } from '../sandboxHttpServer';
import { autoScalingOperations } from './autoScalingOperations';
import { type LoadLevel, ServiceLoad } from './serviceLoad';
import { TargetTracking } from './targetTracking';

const targetPrefix = 'AnyScaleFrontendService';

/** The sandbox's Application Auto Scaling: the load on each service, and the scaling it causes. */
export interface SandboxAutoscaling {
  /** Moves the alarms and activities to `now`; the sandbox calls it at each step of the simulation. */
  step(now: number): void;
  /** Puts a service under `percent` of what its healthy tasks can serve, for `minutes`; returns a summary. */
  applyLoad(service: SimService, percent: number, minutes: number): string;
  /**
   * A service's average CPU and memory at `at`, shared by the healthy tasks it runs now;
   * null for a service unknown or without a healthy task. What CloudWatch's ECS metrics show.
   */
  serviceLoad(clusterName: string, serviceName: string, at: number): LoadLevel | null;
  /** Adds Application Auto Scaling (AWS JSON 1.1, X-Amz-Target AnyScaleFrontendService.*) to the handlers. */
  attach(handlers: SandboxHttpHandlers): SandboxHttpHandlers;
}

export function createSandboxAutoscaling(simulation: EcsSimulation, seed: number): SandboxAutoscaling {
  const load = new ServiceLoad(seed);
  const tracking = new TargetTracking(simulation, load);
  const sync = (): void => {
    simulation.tick();
    tracking.step(simulation.now());
  };
  const operations = autoScalingOperations(tracking, sync);
  const service: AwsJsonService = {
    targetPrefix,
    has: (operation) => operations.has(operation),
    invoke: (operation, input) => operations.get(operation)!(input),
  };
  return {
    step: (now) => tracking.step(now),
    applyLoad: (target, percent, minutes) => {
      load.applyLoad(target, percent, minutes * 60_000, simulation.now());
      tracking.watch(target);
      const scaled = simulation.findCluster(target.clusterName)?.environment === 'production';
      const outcome = scaled
        ? 'its target tracking policies (CPU 70 %, memory 80 %) should scale it out, then back in once the load is over.'
        : 'only production services scale, so it keeps its task count.';
      return `${target.name} in ${target.clusterName} gets ${percent} % of what its tasks can serve for ${minutes} min; ${outcome}`;
    },
    serviceLoad: (clusterName, serviceName, at) => {
      const target = simulation.findCluster(clusterName)?.services.get(serviceName);
      return target ? load.levelOf(target, at) : null;
    },
    attach: (handlers) => ({
      ...handlers,
      awsJson: (target, body) =>
        target?.startsWith(`${targetPrefix}.`)
          ? handleAwsJsonRequest(service, target, body)
          : handlers.awsJson(target, body),
    }),
  };
}
