import { createHash } from 'node:crypto';
import type {
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import type { SimService } from '../ecsModel';
import type { EcsSimulation } from '../ecsSimulation';
import { sandboxAccountId } from '../sandboxArns';
import { primaryOf, tasksOf } from '../serviceRecords';
import { isHealthy, isLive } from '../taskLifecycle';
import type { LoadLevel, ServiceLoad } from './serviceLoad';

/**
 * Application Auto Scaling for the production services: each is a scalable target between
 * the task count it started with and three times that, with the platform's target tracking
 * policies (CPU 70 %, memory 80 %). Their alarms watch the service's load one datapoint at a
 * time; when one fires, the desired count changes through UpdateService, as AWS does it.
 */

/**
 * A sixth of AWS's minute datapoints, so a demo sees a scale-out within a minute: three high
 * datapoints scale out, fifteen low ones (below 90 % of the target) scale in.
 */
export const scalingTimings = {
  datapointMs: 10_000,
  scaleOutDatapoints: 3,
  scaleInDatapoints: 15,
  scaleOutCooldownMs: 60_000,
  scaleInCooldownMs: 120_000,
};

export const ecsScalableDimension = 'ecs:service:DesiredCount';
const maximumOverMinimum = 3;
const activitiesKept = 100;

interface TrackingPolicy {
  readonly record: ScalingPolicy;
  readonly metric: keyof LoadLevel;
  readonly target: number;
  readonly highAlarm: string;
  readonly lowAlarm: string;
  highStreak: number;
  lowStreak: number;
}

export interface TrackedTarget {
  readonly service: SimService;
  readonly record: ScalableTarget;
  readonly policies: readonly TrackingPolicy[];
  /** Newest first. */
  readonly activities: ScalingActivity[];
  lastScaleOutAt: number;
  lastScalingAt: number;
}

export class TargetTracking {
  private readonly targets = new WeakMap<SimService, TrackedTarget>();
  private readonly watched = new Set<TrackedTarget>();
  private evaluatedDatapoint: number | null = null;

  constructor(
    private readonly simulation: EcsSimulation,
    private readonly load: ServiceLoad,
  ) {}

  /** The scalable targets of the fleet as it is now, in cluster and service order. */
  trackedTargets(): TrackedTarget[] {
    return this.simulation
      .listClusters()
      .filter((cluster) => cluster.environment === 'production')
      .flatMap((cluster) => [...cluster.services.values()].map((service) => this.trackedTargetOf(service)));
  }

  /**
   * Has the alarms of a production service watch it from now on, until it is back at its
   * minimum with nothing under way. Only a service put under load is watched: the others
   * sit at their steady demand, well below every alarm, and cost nothing at each step.
   */
  watch(service: SimService): void {
    if (this.simulation.findCluster(service.clusterName)?.environment !== 'production') return;
    const target = this.trackedTargetOf(service);
    if (this.watched.has(target)) return;
    // Alarms that were not watching start from no datapoints.
    for (const policy of target.policies) policy.highStreak = policy.lowStreak = 0;
    this.watched.add(target);
  }

  /** Evaluates the alarms at each datapoint boundary reached, and finishes activities ECS has fulfilled. */
  step(now: number): void {
    if (this.watched.size === 0) return;
    const datapoint = Math.floor(now / scalingTimings.datapointMs);
    const evaluate = datapoint !== this.evaluatedDatapoint;
    this.evaluatedDatapoint = datapoint;
    for (const target of [...this.watched]) {
      const { service } = target;
      // A rebuilt fleet has other services under the same names.
      if (this.simulation.findCluster(service.clusterName)?.services.get(service.name) !== service) {
        this.watched.delete(target);
        continue;
      }
      if (evaluate) this.evaluate(target, now);
      const latest = target.activities[0];
      if (latest?.StatusCode === 'InProgress' && fulfilled(service)) finishActivity(latest, now);
      if (
        !this.load.isLoaded(service, now) &&
        (service.service.desiredCount ?? 0) <= (target.record.MinCapacity ?? 0) &&
        target.activities[0]?.StatusCode !== 'InProgress'
      )
        this.watched.delete(target);
    }
  }

  private trackedTargetOf(service: SimService): TrackedTarget {
    let tracked = this.targets.get(service);
    if (tracked) return tracked;
    const minimum = service.service.desiredCount ?? 1;
    const resourceId = `service/${service.clusterName}/${service.name}`;
    const createdAt = new Date((service.service.createdAt?.getTime() ?? 0) + 60 * 60 * 1000);
    tracked = {
      service,
      record: {
        ServiceNamespace: 'ecs',
        ResourceId: resourceId,
        ScalableDimension: ecsScalableDimension,
        MinCapacity: minimum,
        MaxCapacity: minimum * maximumOverMinimum,
        RoleARN: `arn:aws:iam::${sandboxAccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
        CreationTime: createdAt,
        SuspendedState: {
          DynamicScalingInSuspended: false,
          DynamicScalingOutSuspended: false,
          ScheduledScalingSuspended: false,
        },
        ScalableTargetARN: `arn:aws:application-autoscaling:${sandboxRegion}:${sandboxAccountId}:scalable-target/${digest(resourceId).replace(/-/g, '')}`,
      },
      policies: [
        trackingPolicy(resourceId, service.name, 'cpuPercent', 70, createdAt),
        trackingPolicy(resourceId, service.name, 'memoryPercent', 80, createdAt),
      ],
      activities: [],
      lastScaleOutAt: Number.NEGATIVE_INFINITY,
      lastScalingAt: Number.NEGATIVE_INFINITY,
    };
    this.targets.set(service, tracked);
    return tracked;
  }

  private evaluate(target: TrackedTarget, now: number): void {
    const level = this.load.levelOf(target.service, now);
    for (const policy of target.policies) {
      // Without a healthy task there is no datapoint, and the alarms start over.
      const value = level?.[policy.metric];
      policy.highStreak = value !== undefined && value > policy.target ? policy.highStreak + 1 : 0;
      policy.lowStreak = value !== undefined && value < policy.target * 0.9 ? policy.lowStreak + 1 : 0;
    }
    if (!level) return;
    const current = target.service.service.desiredCount ?? 0;
    const wanted = (policy: TrackingPolicy): number =>
      Math.ceil((current * level[policy.metric]) / policy.target);
    const { MinCapacity: minimum = 1, MaxCapacity: maximum = minimum } = target.record;
    const firing = target.policies
      .filter((policy) => policy.highStreak >= scalingTimings.scaleOutDatapoints)
      .sort((a, b) => wanted(b) - wanted(a));
    if (firing.length > 0) {
      if (now < target.lastScaleOutAt + scalingTimings.scaleOutCooldownMs || current >= maximum) return;
      const policy = firing[0]!;
      this.scale(target, Math.min(maximum, Math.max(current + 1, wanted(policy))), policy, 'High', now);
      target.lastScaleOutAt = now;
      return;
    }
    // Target tracking scales in only when every policy agrees.
    if (!target.policies.every((policy) => policy.lowStreak >= scalingTimings.scaleInDatapoints)) return;
    if (now < target.lastScalingAt + scalingTimings.scaleInCooldownMs || current <= minimum) return;
    const needed = Math.max(minimum, ...target.policies.map(wanted));
    if (needed < current) this.scale(target, needed, target.policies[0]!, 'Low', now);
  }

  private scale(
    target: TrackedTarget,
    desiredCount: number,
    policy: TrackingPolicy,
    alarm: 'High' | 'Low',
    now: number,
  ): void {
    // A change that ECS has taken over counts as done once a newer one replaces it.
    const previous = target.activities[0];
    if (previous?.StatusCode === 'InProgress') finishActivity(previous, now);
    this.simulation.updateService(target.service, { desiredCount });
    target.lastScalingAt = now;
    const { ResourceId: resourceId } = target.record;
    target.activities.unshift({
      ActivityId: digest(`${resourceId}/${now}/${desiredCount}`),
      ServiceNamespace: 'ecs',
      ResourceId: resourceId,
      ScalableDimension: ecsScalableDimension,
      Description: `Setting desired count to ${desiredCount}.`,
      Cause: `monitor alarm ${alarm === 'High' ? policy.highAlarm : policy.lowAlarm} in state ALARM triggered policy ${policy.record.PolicyName}`,
      StartTime: new Date(now),
      StatusCode: 'InProgress',
    });
    target.activities.length = Math.min(target.activities.length, activitiesKept);
  }
}

function finishActivity(activity: ScalingActivity, now: number): void {
  const count = /(\d+)\.$/.exec(activity.Description ?? '')?.[1] ?? '';
  Object.assign(activity, {
    StatusCode: 'Successful',
    StatusMessage: `Successfully set desired count to ${count}. Change successfully fulfilled by ecs.`,
    EndTime: new Date(now),
  });
}

/** ECS runs the desired count, every task healthy and of the current deployment. */
function fulfilled(service: SimService): boolean {
  const desired = service.service.desiredCount ?? 0;
  const live = service.tasks.filter(isLive);
  return live.length === desired && tasksOf(service, primaryOf(service)).filter(isHealthy).length === desired;
}

const predefinedMetrics = {
  cpuPercent: { type: 'ECSServiceAverageCPUUtilization', word: 'cpu' },
  memoryPercent: { type: 'ECSServiceAverageMemoryUtilization', word: 'memory' },
} as const;

function trackingPolicy(
  resourceId: string,
  serviceName: string,
  metric: keyof LoadLevel,
  target: number,
  createdAt: Date,
): TrackingPolicy {
  const { type, word } = predefinedMetrics[metric];
  const name = `${serviceName}-${word}-${target}-target-tracking`;
  const alarmOf = (kind: 'High' | 'Low'): string =>
    `TargetTracking-${resourceId}-Alarm${kind}-${digest(`${resourceId}/${name}/${kind}`)}`;
  const highAlarm = alarmOf('High');
  const lowAlarm = alarmOf('Low');
  const alarmArn = (alarm: string): string =>
    `arn:aws:cloudwatch:${sandboxRegion}:${sandboxAccountId}:alarm:${alarm}`;
  return {
    metric,
    target,
    highAlarm,
    lowAlarm,
    highStreak: 0,
    lowStreak: 0,
    record: {
      PolicyARN: `arn:aws:autoscaling:${sandboxRegion}:${sandboxAccountId}:scalingPolicy:${digest(`${resourceId}/${name}`)}:resource/ecs/${resourceId}:policyName/${name}`,
      PolicyName: name,
      ServiceNamespace: 'ecs',
      ResourceId: resourceId,
      ScalableDimension: ecsScalableDimension,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: target,
        PredefinedMetricSpecification: { PredefinedMetricType: type },
        ScaleOutCooldown: scalingTimings.scaleOutCooldownMs / 1000,
        ScaleInCooldown: scalingTimings.scaleInCooldownMs / 1000,
        DisableScaleIn: false,
      },
      Alarms: [highAlarm, lowAlarm].map((alarm) => ({ AlarmName: alarm, AlarmARN: alarmArn(alarm) })),
      CreationTime: createdAt,
    },
  };
}

/** A UUID-shaped id from a name, so ids stay put without drawing on the simulation's random sequence. */
function digest(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
