import {
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import type { ActionPhase, ActionProgress, AuditEntry } from '../../../shared/actions/actionModel';
import { confirmationRefusal, isProductionEnvironment } from '../../../shared/actions/productionEnvironment';
import type { IpcError } from '../../../shared/ipc/result';
import { utcText } from '../../../shared/time/clockText';
import type { AuditLog } from '../audit/auditLog';
import type { CallerIdentityResolver } from '../audit/callerIdentity';
import { describeService } from '../fleet/ecsFleetReader';
import { ConsoleError, toIpcError } from '../ipc/consoleError';
import { endEntry, startEntry, stepEntry, type ActionRecordBase } from './actionAudit';
import type { ActionPolicy } from './actionPolicy';
import type { DeploymentObservations } from './deploymentObservations';
import { primaryOf } from './planningContext';
import type { PlanStore, StoredPlan } from './planStore';
import type { ProgressHub } from './progressHub';
import { watchRollout, type ActionClock, type RolloutPoll } from './rolloutWatcher';
import type { ServiceLocks } from './serviceLocks';
import { serviceKey } from './serviceTargets';
import { OperationsLogUnreachable, type TeamAction, type TeamActionLocks } from './teamActionLocks';
import type { TaskDefinitionCache } from './taskDefinitionCache';
import { labelOf, labelOfArn } from './taskDefinitionShape';

/**
 * Runs plans. In order: the plan must be known and fresh, the environment writable, the
 * confirmation right, the service free in this process and, where the environment has an
 * operations log, in the team (the team lock), and unchanged since planning; then the start
 * entry goes to the audit log (on disk) and only then the first ECS call is made. The answer
 * comes once ECS accepted the change; the rollout is watched in the background to its end,
 * which is written to the audit log (and the operations log) before the service is released.
 */

export interface ExecutorDeps {
  plans: PlanStore;
  locks: ServiceLocks;
  /** The team-wide lock and record, on the operations log of the environment's Kafka cluster. */
  team: TeamActionLocks;
  policy: ActionPolicy;
  audit: AuditLog;
  hub: ProgressHub;
  observations: DeploymentObservations;
  taskDefinitions: TaskDefinitionCache;
  identity: CallerIdentityResolver;
  /** Wall-clock time for the audit log. */
  now: () => number;
  /** The watcher's time: elapsed time, polling and the timeout. */
  clock: ActionClock;
  newId: () => string;
  pollIntervalMs: number;
  timeoutMs: number;
  log: (line: string) => void;
}

interface Running {
  abort: AbortController;
  done: Promise<void>;
}

const checkTimeoutMs = 15_000;

export class ActionExecutor {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: ExecutorDeps) {}

  async execute(request: {
    planId: string;
    confirmation: string;
    withoutTeamLock?: boolean | undefined;
  }): Promise<{ actionId: string }> {
    const { deps } = this;
    const stored = deps.plans.get(request.planId);
    const { plan, target } = stored;
    const what = `${plan.kind === 'rollback' ? 'Rollback' : 'Promotion'} of ${plan.service}`;
    const refusal = deps.policy.refusalFor(plan.environment);
    if (refusal) throw new ConsoleError('READ_ONLY', `${what} refused: ${refusal}.`);
    const mismatch = confirmationRefusal(plan, request.confirmation);
    if (mismatch) throw new ConsoleError('VALIDATION', mismatch);

    const actor = await deps.identity(target.environment.aws);
    const actionId = deps.newId();
    const startedAt = deps.now();
    const release = deps.locks.acquire({
      actionId,
      kind: plan.kind,
      environment: plan.environment,
      cluster: plan.cluster,
      service: plan.service,
      startedAt,
      by: actor.identity,
      description: `a ${plan.kind} ${plan.current.label} → ${plan.target.label} started ${utcText(startedAt)} by ${actor.identity} (action ${actionId})`,
    });
    let handedOver = false;
    let team: TeamAction | null = null;
    let teamSettled = false;
    try {
      // The team lock is taken after this process's own and before anything is checked or
      // changed, so the check below already sees whatever the previous holder did.
      let withoutTeamLock: string | null = null;
      try {
        team = await deps.team.claim({
          environment: plan.environment,
          production: isProductionEnvironment(plan.environment, plan.cluster),
          actionId,
          target: { clusterArn: stored.where.clusterArn ?? plan.cluster, service: plan.service },
          summary: teamSummary(plan),
          identity: actor.identity,
        });
      } catch (error) {
        // Only an unreachable log may be overridden, never a lock another action holds.
        if (!(error instanceof OperationsLogUnreachable) || request.withoutTeamLock !== true) throw error;
        withoutTeamLock = `Without the team lock, as asked: ${error.reason}.`;
        deps.log(`Action ${actionId}: ${withoutTeamLock}`);
      }
      team?.startRenewing();
      const before = await this.checkStillCurrent(stored);
      deps.plans.delete(plan.id);
      const where = { ...stored.where, account: stored.where.account ?? actor.account };
      const base: ActionRecordBase = { actionId, plan, actor, where };
      const clockStart = deps.clock.now();
      let toLabel = plan.target.label;
      const progress = (
        phase: ActionPhase,
        message: string,
        extra: Partial<Pick<ActionProgress, 'deployments' | 'newEvents'>> & { error?: IpcError | null } = {},
      ): ActionProgress => ({
        actionId,
        planId: plan.id,
        kind: plan.kind,
        environment: plan.environment,
        cluster: plan.cluster,
        service: plan.service,
        from: plan.current.label,
        to: toLabel,
        phase,
        at: deps.now(),
        startedAt,
        elapsedMs: deps.clock.now() - clockStart,
        timeoutMs: deps.timeoutMs,
        message,
        deployments: extra.deployments ?? [],
        newEvents: extra.newEvents ?? [],
        error: extra.error ?? null,
      });

      const start = startEntry(base, { id: deps.newId(), at: startedAt, timeoutMs: deps.timeoutMs });
      await deps.audit.append(
        withoutTeamLock ? { ...start, message: `${start.message ?? ''} ${withoutTeamLock}`.trim() } : start,
      );
      void team?.record({ kind: 'started', summary: teamSummary(plan) });
      deps.hub.publish(progress('planned', 'Recorded in the audit log; asking ECS.'));
      let targetArn: string;
      try {
        targetArn = await this.applyPlan(stored, base, team);
        toLabel = labelOfArn(targetArn);
      } catch (error) {
        const ipcError = toIpcError(error);
        const message = `ECS refused the ${plan.kind}: ${ipcError.message}`;
        await this.appendSafely(
          endEntry(base, {
            id: deps.newId(),
            at: deps.now(),
            outcome: 'failed',
            message,
            error: ipcError.message,
          }),
        );
        teamSettled = true;
        await team?.finish('failed', message);
        deps.hub.publish(progress('failed', message, { error: ipcError }));
        throw error;
      }
      deps.hub.publish(progress('started', `ECS accepted: ${plan.method.summary}`));
      void team?.record({ kind: 'progress', milestone: `ECS accepted: ${plan.method.summary}` });

      const knownEventIds = new Set(
        (before.events ?? []).map((event) => event.id ?? '').filter((id) => id !== ''),
      );
      const abort = new AbortController();
      const teamAction = team;
      teamSettled = true;
      const done = (async () => {
        const result = await watchRollout({
          client: target.client,
          cluster: plan.cluster,
          service: plan.service,
          targetArn,
          startedAt: clockStart,
          timeoutMs: deps.timeoutMs,
          pollIntervalMs: deps.pollIntervalMs,
          clock: deps.clock,
          signal: abort.signal,
          knownEventIds,
          health: target.health,
          onPoll: (poll: RolloutPoll) => deps.hub.publish(progress('in-progress', poll.message, poll)),
        });
        // Stopped because the console is closing: no end line, so the next start reconciles it
        // with ECS; the team lease is not renewed and runs out by itself.
        if (result.outcome === 'cancelled') return;
        const key = serviceKey(plan);
        if (result.outcome === 'failed')
          deps.observations.recordFailure(key, {
            taskDefinitionArn: targetArn,
            reason: result.message,
            at: deps.now(),
          });
        await this.appendSafely(
          endEntry(base, {
            id: deps.newId(),
            at: deps.now(),
            outcome: result.outcome,
            message: result.message,
            error: result.outcome === 'succeeded' ? null : result.message,
            to: { label: toLabel, arn: targetArn },
          }),
        );
        await teamAction?.finish(result.outcome, result.message);
        // Free before the final event, so whoever sees the end can start the next action at once.
        release();
        deps.hub.publish(
          progress(result.outcome, result.message, {
            deployments: result.deployments,
            newEvents: result.newEvents,
            error: result.outcome === 'timed-out' ? { code: 'TIMEOUT', message: result.message } : null,
          }),
        );
      })()
        .catch((error: unknown) =>
          deps.log(`Watching action ${actionId} failed: ${toIpcError(error).message}`),
        )
        .finally(() => {
          teamAction?.stopRenewing();
          release();
          this.running.delete(actionId);
        });
      this.running.set(actionId, { abort, done });
      handedOver = true;
      return { actionId };
    } finally {
      if (!handedOver) {
        if (!teamSettled) await team?.abandon();
        release();
      }
    }
  }

  /** Stops watching; actions under way keep no end line and are reconciled at the next start. */
  async close(): Promise<void> {
    const running = [...this.running.values()];
    for (const action of running) action.abort.abort();
    await Promise.all(running.map((action) => action.done));
  }

  private async checkStillCurrent(stored: StoredPlan): Promise<Service> {
    const { plan, target } = stored;
    const signal = AbortSignal.timeout(checkTimeoutMs);
    const service = await describeService(target.client, plan.cluster, plan.service, signal);
    const primary = primaryOf(service, plan.service);
    if (primary.taskDefinition !== plan.current.arn) {
      throw new ConsoleError(
        'CONFLICT',
        `${plan.service} changed since the plan was made: it now runs ${labelOfArn(primary.taskDefinition)} (the plan started from ${plan.current.label}). Plan again.`,
      );
    }
    const inProgress = primary.rolloutState === 'IN_PROGRESS';
    if (plan.method.kind === 'stop-deployment' && !inProgress) {
      throw new ConsoleError(
        'CONFLICT',
        `The deployment the plan would stop is no longer in progress (its rollout is ${primary.rolloutState ?? 'unknown'}). Plan again.`,
      );
    }
    if (plan.method.kind !== 'stop-deployment' && inProgress && !plan.deploymentInProgress) {
      throw new ConsoleError(
        'CONFLICT',
        `A deployment of ${plan.service} started since the plan was made. Plan again.`,
      );
    }
    if (plan.kind === 'rollback' && plan.target.arn) {
      const fresh = await this.deps.taskDefinitions.fresh(target.client, plan.target.arn, signal);
      if (!fresh) throw new ConsoleError('NOT_FOUND', `${plan.target.label} no longer exists. Plan again.`);
      if (fresh.taskDefinition.status !== 'ACTIVE') {
        throw new ConsoleError(
          'VALIDATION',
          `${plan.target.label} is ${fresh.taskDefinition.status ?? 'not ACTIVE'} now; ECS cannot deploy it. Plan again.`,
        );
      }
    }
    return service;
  }

  /** The ECS calls that make the change; returns the task definition the service should end up on. */
  private async applyPlan(
    stored: StoredPlan,
    base: ActionRecordBase,
    team: TeamAction | null,
  ): Promise<string> {
    const { plan, target } = stored;
    const { client } = target;
    if (plan.method.kind === 'stop-deployment') {
      await client.send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: plan.method.serviceDeploymentArn,
          stopType: 'ROLLBACK',
        }),
      );
      return plan.target.arn ?? '';
    }
    let targetArn = plan.target.arn;
    if (plan.method.kind === 'register-and-update') {
      if (!stored.registration) throw new ConsoleError('INTERNAL', 'The promotion plan has no registration.');
      const registered = await client.send(new RegisterTaskDefinitionCommand(stored.registration));
      const definition = registered.taskDefinition;
      if (!definition?.taskDefinitionArn)
        throw new ConsoleError(
          'BAD_RESPONSE',
          'RegisterTaskDefinition answered without a task definition ARN.',
        );
      targetArn = definition.taskDefinitionArn;
      await this.deps.audit.append(
        stepEntry(base, {
          id: this.deps.newId(),
          at: this.deps.now(),
          registeredArn: targetArn,
          registeredLabel: labelOf(definition),
        }),
      );
      void team?.record({ kind: 'progress', milestone: `Registered ${labelOf(definition)}.` });
    }
    if (!targetArn) throw new ConsoleError('INTERNAL', 'The plan has no target task definition.');
    await client.send(
      new UpdateServiceCommand({ cluster: plan.cluster, service: plan.service, taskDefinition: targetArn }),
    );
    return targetArn;
  }

  private async appendSafely(entry: AuditEntry): Promise<void> {
    try {
      await this.deps.audit.append(entry);
    } catch (error) {
      this.deps.log(`Cannot write to the audit log: ${toIpcError(error).message}`);
    }
  }
}

/** What the action does, as a refused colleague reads it after "ana@laptop (console) is …". */
function teamSummary(plan: StoredPlan['plan']): string {
  return plan.kind === 'rollback'
    ? `rolling back ${plan.service} ${revisionText(plan.service, plan.current.label)} → ${revisionText(plan.service, plan.target.label)}`
    : `promoting ${plan.source.service} (${plan.source.environment} ${plan.source.taskDefinition.label}) to ${plan.service} in ${plan.environment}`;
}

/** ":3" for the service's own family ("payment-service:3"), the whole label for another family. */
function revisionText(service: string, label: string): string {
  return label.startsWith(`${service}:`) ? label.slice(service.length) : label;
}
