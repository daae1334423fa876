import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SimService, SimTask } from '../ecsModel';
import type { EcsSimulation } from '../ecsSimulation';
import { clusterLoadBalancerArn, clusterLoadBalancerName } from '../cloudwatch/loadBalancerDimensions';

/**
 * The load balancing the ECS services are registered with: each cluster that has a service
 * behind a load balancer has one application load balancer, and each such service a target
 * group whose ARN is the one DescribeServices shows in `loadBalancers`. Everything is read
 * from the simulation at the time of asking, so it always agrees with the ECS side.
 */

export interface SandboxTargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly port: number;
  readonly loadBalancerArn: string;
  readonly service: SimService;
}

export interface SandboxLoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly clusterName: string;
  readonly createdAt: Date;
}

export function targetGroupsOf(simulation: EcsSimulation): SandboxTargetGroup[] {
  return simulation.listClusters().flatMap((cluster) =>
    [...cluster.services.values()].flatMap((service) =>
      (service.service.loadBalancers ?? []).flatMap((binding) => {
        const arn = binding.targetGroupArn;
        if (arn === undefined || binding.containerPort === undefined) return [];
        const name = arn.split('/')[1] ?? arn;
        return [
          {
            arn,
            name,
            port: binding.containerPort,
            loadBalancerArn: clusterLoadBalancerArn(cluster.name),
            service,
          },
        ];
      }),
    ),
  );
}

export function loadBalancersOf(simulation: EcsSimulation): SandboxLoadBalancer[] {
  return simulation
    .listClusters()
    .filter((cluster) =>
      [...cluster.services.values()].some((service) => (service.service.loadBalancers ?? []).length > 0),
    )
    .map((cluster) => {
      const oldest = Math.min(
        ...[...cluster.services.values()].map((service) => service.service.createdAt?.getTime() ?? 0),
      );
      return {
        arn: clusterLoadBalancerArn(cluster.name),
        name: clusterLoadBalancerName(cluster.name),
        clusterName: cluster.name,
        // The load balancer was there before the first service registered with it.
        createdAt: new Date(oldest - 24 * 60 * 60 * 1000),
      };
    });
}

/**
 * Each task ECS has registered: from RUNNING until it has drained. The load balancer's own
 * checks need a while before a verdict (`initial`), then follow what the task's image does:
 * a release whose tasks fail shows unhealthy targets before ECS stops them, and a task that
 * is stopping drains until it is gone.
 */
export function targetHealthOf(
  group: SandboxTargetGroup,
  simulation: EcsSimulation,
): TargetHealthDescription[] {
  const now = simulation.now();
  // The load balancer's checks reach a first verdict in under half the time the container's take.
  const initialChecksMs = simulation.pace.healthCheckMs * 0.4;
  return group.service.tasks.flatMap((task) => {
    const health = targetStateOf(task, now, initialChecksMs);
    const id = privateIpOf(task);
    if (!health || !id) return [];
    return [
      {
        Target: { Id: id, Port: group.port },
        HealthCheckPort: String(group.port),
        TargetHealth: health,
      },
    ];
  });
}

function targetStateOf(
  simTask: SimTask,
  now: number,
  initialChecksMs: number,
): TargetHealthDescription['TargetHealth'] | null {
  const { task } = simTask;
  const startedAt = task.startedAt?.getTime();
  if (startedAt === undefined) return null;
  if (task.desiredStatus === 'STOPPED')
    return task.lastStatus === 'DEACTIVATING' || task.lastStatus === 'STOPPING'
      ? {
          State: 'draining',
          Reason: 'Target.DeregistrationInProgress',
          Description: 'Target deregistration is in progress',
        }
      : null;
  if (task.lastStatus !== 'RUNNING') return null;
  if (now - startedAt < initialChecksMs)
    return {
      State: 'initial',
      Reason: 'Elb.InitialHealthChecking',
      Description: 'Initial health checks in progress',
    };
  return simTask.outcome === 'healthy'
    ? { State: 'healthy' }
    : { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' };
}

export function privateIpOf(simTask: SimTask): string | undefined {
  const details = simTask.task.attachments?.[0]?.details ?? [];
  return details.find((detail) => detail.name === 'privateIPv4Address')?.value;
}
