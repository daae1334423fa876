import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type {
  ActionProgress,
  AuditEntry,
  AuditOutcome,
  AuditRecord,
} from '../../../shared/actions/actionModel';
import { spokenDuration } from '../../../shared/time/durationText';
import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type { DeploymentObservations } from '../actions/deploymentObservations';
import type { HealthClients } from '../actions/healthClients';
import type { ProgressHub } from '../actions/progressHub';
import { watchRollout, type ActionClock } from '../actions/rolloutWatcher';
import type { ServiceLocks } from '../actions/serviceLocks';
import { serviceKey } from '../actions/serviceTargets';
import type { TaskDefinitionCache } from '../actions/taskDefinitionCache';
import { containerImagesOf, labelOfArn } from '../actions/taskDefinitionShape';
import type { EnvironmentConfig } from '../config/consoleConfig';
import { describeService } from '../fleet/ecsFleetReader';
import { toIpcError } from '../ipc/consoleError';
import type { AuditLog } from './auditLog';

/**
 * Settles actions whose end the log never got (the process running them stopped or was
 * killed). For each, ECS is asked what became of the service — in the cluster the entry
 * names by ARN, through an environment of this source that reaches it: the target PRIMARY
 * and COMPLETED means it succeeded; a FAILED rollout, or ECS back on the old revision, means
 * it failed; the old deployment untouched means the change never reached ECS; a rollout
 * still under way is watched to its end (or, for a command that does not wait, reported).
 * What was found is appended as a `reconciliation` entry with the same action id; the old
 * lines stay as they were. Entries of another source are left for that source to settle.
 */

export interface LocatedAction {
  /** The environment of this source that reaches the entry's cluster; its name keys locks and memory here. */
  environment: EnvironmentConfig;
  client: ECSClient;
  /** For target health and deployment alarms while a rollout under way is watched again. */
  health?: HealthClients | undefined;
}

export interface ReconcilerDeps {
  audit: AuditLog;
  /** Where to ask about an action: null when its entry is another source's, or says nothing of where it acted. */
  locate(start: AuditEntry): LocatedAction | null;
  taskDefinitions: TaskDefinitionCache;
  observations: DeploymentObservations;
  hub: ProgressHub;
  locks: ServiceLocks;
  now: () => number;
  clock: ActionClock;
  newId: () => string;
  pollIntervalMs: number;
  /** A rollout found still under way is watched at least this long, whatever was left of its own timeout. */
  minimumWatchMs: number;
  /**
   * Watch a rollout found under way to its end and record it (the console). Otherwise it is
   * reported and left unfinished: a command does not wait on a rollout it did not start, and
   * the process that started it may still be following it.
   */
  watchUnderWay: boolean;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface ReconciliationReport {
  settled: Array<{ actionId: string; outcome: AuditOutcome; message: string }>;
  /** Under way and watched here; their entries are written when the watch ends (see `watches`). */
  watching: string[];
  /** Under way and not watched here (see `watchUnderWay`); still unfinished in the log. */
  underWay: Array<{ start: AuditEntry; finding: string }>;
  /** Could not be settled now (ECS unreachable); they are tried again next time. */
  deferred: Array<{ actionId: string; reason: string }>;
  /** Unfinished entries of other sources (or of none recorded), left alone. */
  otherSources: number;
  /** Resolves when every watch started here has ended and written its entry. */
  watches: Promise<void>;
}

export function emptyReconciliationReport(): ReconciliationReport {
  return {
    settled: [],
    watching: [],
    underWay: [],
    deferred: [],
    otherSources: 0,
    watches: Promise.resolve(),
  };
}

type Verdict = { outcome: AuditOutcome; message: string } | { watch: string };

export async function reconcileAuditLog(
  deps: ReconcilerDeps,
  records: readonly AuditRecord[],
  options: { only?: (start: AuditEntry) => boolean } = {},
): Promise<ReconciliationReport> {
  const report = emptyReconciliationReport();
  const watches: Promise<void>[] = [];
  for (const start of danglingStarts(records)) {
    if (options.only && !options.only(start)) continue;
    const located = deps.locate(start);
    if (!located) {
      report.otherSources++;
      continue;
    }
    const step = records.find(
      (record) => record.entry.actionId === start.actionId && record.entry.type === 'step',
    );
    const settle = async (outcome: AuditOutcome, message: string) => {
      await deps.audit.append(reconciliationEntry(deps, start, step?.entry.to ?? start.to, outcome, message));
      report.settled.push({ actionId: start.actionId, outcome, message });
    };
    try {
      if (start.kind === 'sandbox-scenario') {
        await settle(
          'unknown',
          'The console stopped during the scenario; the sandbox it ran on stopped with it.',
        );
        continue;
      }
      const cluster = start.where?.clusterArn ?? start.cluster;
      if (cluster === null || start.service === null) {
        await settle(
          'unknown',
          'The console stopped during the action; its entry names no cluster or service to ask ECS about.',
        );
        continue;
      }
      const service = await describeService(located.client, cluster, start.service, deps.signal);
      const verdict = await judge(deps, located.client, start, step?.entry ?? null, service);
      if ('outcome' in verdict) {
        await settle(verdict.outcome, `The console stopped during the action; at restart ${verdict.message}`);
        continue;
      }
      if (!deps.watchUnderWay) {
        report.underWay.push({
          start,
          finding: `the rollout of ${labelOfArn(verdict.watch)} was still under way.`,
        });
        continue;
      }
      report.watching.push(start.actionId);
      watches.push(watchAfterRestart(deps, located, start, verdict.watch, service, step?.entry ?? null));
    } catch (error) {
      if (deps.signal.aborted) break;
      const reason = toIpcError(error).message;
      deps.log(`Cannot reconcile action ${start.actionId} of ${start.service ?? start.kind} now: ${reason}`);
      report.deferred.push({ actionId: start.actionId, reason });
    }
  }
  report.watches = Promise.all(watches).then(() => undefined);
  return report;
}

/** Start entries with neither an end nor a reconciliation. */
export function danglingStarts(records: readonly AuditRecord[]): AuditEntry[] {
  const closed = new Set(
    records
      .filter((record) => record.entry.type === 'end' || record.entry.type === 'reconciliation')
      .map((record) => record.entry.actionId),
  );
  return records
    .map((record) => record.entry)
    .filter((entry) => entry.type === 'start' && !closed.has(entry.actionId));
}

async function judge(
  deps: ReconcilerDeps,
  client: ECSClient,
  start: AuditEntry,
  step: AuditEntry | null,
  service: Service,
): Promise<Verdict> {
  const deployments = service.deployments ?? [];
  const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
  if (!primary?.taskDefinition) return { outcome: 'unknown', message: 'ECS showed no PRIMARY deployment.' };
  const fromArn = start.from?.arn ?? null;
  const primaryLabel = labelOfArn(primary.taskDefinition);
  const primaryPredates = (primary.createdAt?.getTime() ?? 0) < start.at;

  let toArn = step?.to?.arn ?? start.to?.arn ?? null;
  if (!toArn && start.kind === 'promotion') {
    // Stopped before the step line: whether the revision was registered shows in what runs now.
    if (primary.taskDefinition === fromArn && primaryPredates)
      return {
        outcome: 'not-started',
        message: `${start.service} still ran ${primaryLabel} from before the promotion; nothing was deployed.`,
      };
    const described = await deps.taskDefinitions.get(client, primary.taskDefinition, deps.signal);
    const wanted = (start.plan?.targetImages ?? [])
      .map((image) => `${image.container}=${image.image}`)
      .sort()
      .join(',');
    const running = described
      ? containerImagesOf(described.taskDefinition)
          .map((image) => `${image.container}=${image.image}`)
          .sort()
          .join(',')
      : '';
    if (wanted === '' || running !== wanted)
      return {
        outcome: 'unknown',
        message: `${start.service} runs ${primaryLabel}, which is neither the old revision nor the promoted images.`,
      };
    toArn = primary.taskDefinition;
  }
  if (!toArn) return { outcome: 'unknown', message: 'the audit log does not name the target revision.' };
  const toLabel = labelOfArn(toArn);

  if (primary.taskDefinition === toArn) {
    if (primary.rolloutState === 'COMPLETED' && primary.runningCount === primary.desiredCount)
      return {
        outcome: 'succeeded',
        message: `${toLabel} was PRIMARY with ${primary.runningCount}/${primary.desiredCount} running and its rollout COMPLETED.`,
      };
    if (primary.rolloutState === 'FAILED')
      return {
        outcome: 'failed',
        message: `the rollout of ${toLabel} had FAILED${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : '.'}`,
      };
    return { watch: toArn };
  }
  const failedTarget = deployments.find(
    (deployment) => deployment.taskDefinition === toArn && deployment.rolloutState === 'FAILED',
  );
  if (failedTarget)
    return {
      outcome: 'failed',
      message: `the rollout of ${toLabel} had FAILED and ECS returned to ${primaryLabel}.`,
    };
  if (primary.taskDefinition === fromArn) {
    return primaryPredates
      ? {
          outcome: 'not-started',
          message: `${start.service} still ran the deployment of ${primaryLabel} from before the action; the change never reached ECS.`,
        }
      : {
          outcome: 'failed',
          message: `ECS was back on ${primaryLabel}: the move to ${toLabel} did not hold.`,
        };
  }
  return {
    outcome: 'unknown',
    message: `${start.service} ran ${primaryLabel}, deployed by someone or something else after the action started.`,
  };
}

async function watchAfterRestart(
  deps: ReconcilerDeps,
  located: LocatedAction,
  start: AuditEntry,
  targetArn: string,
  service: Service,
  step: AuditEntry | null,
): Promise<void> {
  const { client } = located;
  const environment = located.environment.name;
  const clusterReference = start.where?.clusterArn ?? start.cluster ?? '';
  const cluster = resourceNameFromArn(clusterReference);
  const serviceName = start.service ?? '';
  const timeoutMs = Math.max(
    (start.plan?.timeoutMs ?? deps.minimumWatchMs) - (deps.now() - start.at),
    deps.minimumWatchMs,
  );
  let release: () => void = () => {};
  try {
    release = deps.locks.acquire({
      actionId: start.actionId,
      kind: 'reconciliation',
      environment,
      cluster,
      service: serviceName,
      startedAt: start.at,
      by: start.actor.identity,
      description: `a ${start.kind} that was under way when the console stopped, watched since the restart (action ${start.actionId})`,
    });
  } catch {
    // Another holder is already in charge of the service; the watch only reports.
  }
  const clockStart = deps.clock.now();
  const progress = (
    phase: ActionProgress['phase'],
    message: string,
    extra: Partial<ActionProgress> = {},
  ): ActionProgress => ({
    actionId: start.actionId,
    planId: start.plan?.planId ?? start.actionId,
    kind: start.kind === 'promotion' ? 'promotion' : 'rollback',
    environment,
    cluster,
    service: serviceName,
    from: start.from?.label ?? '',
    to: labelOfArn(targetArn),
    phase,
    at: deps.now(),
    startedAt: start.at,
    elapsedMs: deps.now() - start.at,
    timeoutMs,
    message,
    deployments: [],
    newEvents: [],
    error: null,
    ...extra,
  });
  deps.hub.publish(
    progress('in-progress', 'The console restarted during this action; watching the rollout again.'),
  );
  try {
    const result = await watchRollout({
      client,
      cluster: clusterReference,
      service: serviceName,
      targetArn,
      startedAt: clockStart,
      timeoutMs,
      pollIntervalMs: deps.pollIntervalMs,
      clock: deps.clock,
      signal: deps.signal,
      knownEventIds: new Set((service.events ?? []).map((event) => event.id ?? '')),
      health: located.health,
      onPoll: (poll) =>
        deps.hub.publish(
          progress('in-progress', poll.message, { deployments: poll.deployments, newEvents: poll.newEvents }),
        ),
    });
    if (result.outcome === 'cancelled') return;
    const key = serviceKey({ environment, cluster, service: serviceName });
    if (result.outcome === 'failed')
      deps.observations.recordFailure(key, {
        taskDefinitionArn: targetArn,
        reason: result.message,
        at: deps.now(),
      });
    const message = `The console stopped during the action; after the restart it watched the rollout for ${spokenDuration(deps.clock.now() - clockStart)}: ${result.message}`;
    await deps.audit.append(
      reconciliationEntry(
        deps,
        start,
        step?.to ?? { label: labelOfArn(targetArn), arn: targetArn },
        result.outcome,
        message,
      ),
    );
    release();
    deps.hub.publish(
      progress(result.outcome, message, { deployments: result.deployments, newEvents: result.newEvents }),
    );
  } catch (error) {
    deps.log(`Watching action ${start.actionId} after the restart failed: ${toIpcError(error).message}`);
  } finally {
    release();
  }
}

function reconciliationEntry(
  deps: ReconcilerDeps,
  start: AuditEntry,
  to: AuditEntry['to'],
  outcome: AuditOutcome,
  message: string,
): AuditEntry {
  return {
    ...start,
    id: deps.newId(),
    type: 'reconciliation',
    at: deps.now(),
    to,
    plan: null,
    outcome,
    message,
    error: outcome === 'succeeded' || outcome === 'not-started' ? null : message,
  };
}
