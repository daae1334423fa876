import type { Deployment, ECSClient, Service } from '@aws-sdk/client-ecs';
import type { ProgressDeployment } from '../../../shared/actions/actionModel';
import type { ServiceEvent } from '../../../shared/fleet/fleetModel';
import { spokenDuration } from '../../../shared/time/durationText';
import { delay } from '../../../shared/delay';
import { describeService } from '../fleet/ecsFleetReader';
import { toServiceEvent } from '../fleet/serviceSummary';
import { toIpcError } from '../ipc/consoleError';
import { labelOfArn } from './taskDefinitionShape';

/**
 * Follows a rollout to its end by polling DescribeServices: done when the PRIMARY deployment
 * runs the target revision with running = desired and its rollout COMPLETED; failed when
 * that rollout FAILED or ECS put something else in its place; timed out when neither
 * happened in time. Polls that fail (throttling, a dropped connection) are reported and
 * retried until the timeout.
 */

/** Time for the watcher; tests pass one that moves on its own terms. */
export interface ActionClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemActionClock: ActionClock = {
  now: () => Date.now(),
  sleep: delay,
};

export interface RolloutPoll {
  deployments: ProgressDeployment[];
  newEvents: ServiceEvent[];
  message: string;
}

export interface RolloutResult {
  outcome: 'succeeded' | 'failed' | 'timed-out' | 'cancelled';
  message: string;
  deployments: ProgressDeployment[];
  newEvents: ServiceEvent[];
}

export interface RolloutWatch {
  client: ECSClient;
  cluster: string;
  service: string;
  targetArn: string;
  /** On the watcher's clock; elapsed time and the timeout count from here. */
  startedAt: number;
  timeoutMs: number;
  pollIntervalMs: number;
  clock: ActionClock;
  signal: AbortSignal;
  /** Events already known when the action started; only newer ones are reported. */
  knownEventIds: Set<string>;
  onPoll(poll: RolloutPoll): void;
}

export async function watchRollout(watch: RolloutWatch): Promise<RolloutResult> {
  const target = labelOfArn(watch.targetArn);
  let tookHold = false;
  let deployments: ProgressDeployment[] = [];
  let lastError: string | null = null;
  let summary = `waiting for ${target} to become PRIMARY`;

  for (;;) {
    if (watch.signal.aborted)
      return { outcome: 'cancelled', message: 'The watch was stopped.', deployments, newEvents: [] };
    let service: Service | null = null;
    try {
      service = await describeService(watch.client, watch.cluster, watch.service, watch.signal);
      lastError = null;
    } catch (error) {
      if (watch.signal.aborted) continue;
      lastError = toIpcError(error).message;
    }

    let newEvents: ServiceEvent[] = [];
    if (service) {
      deployments = (service.deployments ?? []).map((deployment) =>
        toProgressDeployment(deployment, watch.targetArn),
      );
      newEvents = freshEvents(service, watch.knownEventIds);
      const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
      if (primary?.isTarget) {
        tookHold = true;
        if (primary.rolloutState === 'COMPLETED' && primary.runningCount === primary.desiredCount) {
          return {
            outcome: 'succeeded',
            message: `${target} is PRIMARY with ${primary.runningCount}/${primary.desiredCount} running and its rollout COMPLETED.`,
            deployments,
            newEvents,
          };
        }
        if (primary.rolloutState === 'FAILED') {
          return {
            outcome: 'failed',
            message: `The rollout of ${target} FAILED${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : '.'}`,
            deployments,
            newEvents,
          };
        }
      } else if (tookHold && primary) {
        return {
          outcome: 'failed',
          message: `ECS replaced the rollout of ${target}: PRIMARY now runs ${primary.label}${primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : ''}.`,
          deployments,
          newEvents,
        };
      }
      summary = primary
        ? `PRIMARY ${primary.label}: ${primary.runningCount}/${primary.desiredCount} running, ${primary.pendingCount} pending, rollout ${primary.rolloutState ?? 'unknown'}${primary.isTarget ? '' : ` (waiting for ${target})`}`
        : `no PRIMARY deployment yet (waiting for ${target})`;
    }
    const message = lastError ? `${summary}; the last poll failed (${lastError}), retrying` : summary;
    watch.onPoll({ deployments, newEvents, message });

    const elapsed = watch.clock.now() - watch.startedAt;
    if (elapsed >= watch.timeoutMs) {
      return {
        outcome: 'timed-out',
        message: `Not finished after ${spokenDuration(watch.timeoutMs)}: ${message}.`,
        deployments,
        newEvents: [],
      };
    }
    await watch.clock.sleep(Math.min(watch.pollIntervalMs, watch.timeoutMs - elapsed), watch.signal);
  }
}

export function toProgressDeployment(deployment: Deployment, targetArn: string): ProgressDeployment {
  const arn = deployment.taskDefinition ?? '';
  return {
    id: deployment.id ?? '',
    status: deployment.status ?? 'ACTIVE',
    taskDefinitionArn: arn,
    label: labelOfArn(arn),
    rolloutState: deployment.rolloutState ?? null,
    rolloutStateReason: deployment.rolloutStateReason ?? null,
    desiredCount: deployment.desiredCount ?? 0,
    runningCount: deployment.runningCount ?? 0,
    pendingCount: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    isTarget: arn === targetArn,
  };
}

/** Events not seen before, oldest first; remembers them so each is reported once. */
function freshEvents(service: Service, known: Set<string>): ServiceEvent[] {
  const fresh = (service.events ?? [])
    .map(toServiceEvent)
    .filter((event) => event.id !== '' && !known.has(event.id));
  for (const event of fresh) known.add(event.id);
  return fresh.sort((a, b) => a.createdAt - b.createdAt);
}
