import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type {
  ActionPolicyState,
  ActionProgress,
  AuditEntry,
  AuditWhere,
  PromotionPlan,
  RollbackPlan,
} from '../../../shared/actions/actionModel';
import { normaliseEndpoint } from '../../../shared/actions/auditWhere';
import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type { FleetEvent } from '../../../shared/fleet/fleetModel';
import type { SandboxScenario, SandboxScenarioResult } from '../../../shared/ipc/sandbox';
import { registerAuditHandlers } from '../audit/auditHandlers';
import { AuditLog, auditLogPath, sandboxAuditLogPath } from '../audit/auditLog';
import {
  emptyReconciliationReport,
  reconcileAuditLog,
  type LocatedAction,
  type ReconcilerDeps,
  type ReconciliationReport,
} from '../audit/auditReconciler';
import { AuditSource, type SourceMatcher } from '../audit/auditSource';
import {
  createCallerIdentityResolver,
  sandboxActor,
  type CallerIdentityResolver,
} from '../audit/callerIdentity';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import type { ConsoleConfig, EnvironmentConfig } from '../config/consoleConfig';
import type { EcsClientFactory } from '../fleet/ecsClients';
import type { SecretStore } from '../kafka/secretStore';
import type { OperationsHolder } from '../team/operationsLog';
import { toIpcError } from '../ipc/consoleError';
import type { IpcRouter } from '../ipc/router';
import { ActionExecutor } from './actionExecutor';
import { registerActionHandlers } from './actionHandlers';
import { ActionPolicy } from './actionPolicy';
import { ApiSupport } from './deploymentHistory';
import { DeploymentObservations } from './deploymentObservations';
import { HealthClientFactory, type HealthClientSource } from './healthClients';
import type { PlanningContext } from './planningContext';
import { PlanStore } from './planStore';
import { ProgressHub } from './progressHub';
import { planPromotion } from './promotionPlanner';
import { planRollback } from './rollbackPlanner';
import { systemActionClock, type ActionClock } from './rolloutWatcher';
import { readServiceAuditHistory, unreadableAuditHistory } from './serviceAuditHistory';
import { ServiceLocks } from './serviceLocks';
import { ServiceTargets, type ServiceTarget } from './serviceTargets';
import { TaskDefinitionCache } from './taskDefinitionCache';
import { TeamActionLocks } from './teamActionLocks';

/**
 * Everything behind rollback, promotion and the audit log, put together once: the console
 * core and the CLI both build it here and use the same planners, executor and log. Both
 * settle the unfinished actions of their own source at start, and each plan settles those
 * of its service first and names them.
 */

export interface ActionServicesOptions {
  /** Null when the config could not be used: the audit log still works, planning says why it cannot. */
  config: ConsoleConfig | null;
  clients: EcsClientFactory;
  /** ELBv2 and CloudWatch clients for target health, alarms and metrics; default built like the ECS ones. */
  healthClients?: HealthClientSource;
  /**
   * The audit log lives in `<dataDir>/audit/` (a file of its own per start for an embedded
   * sandbox), exports in `<dataDir>/exports/`.
   */
  dataDir: string;
  log: (line: string) => void;
  now?: () => number;
  /** Why every action is refused console-wide, or null (the router enforces it; this reports it). */
  readOnlyReason: string | null;
  identity?: CallerIdentityResolver;
  /** The fleet monitor: deployments it sees fail are never proposed as rollback targets. */
  fleet?: { subscribe(listener: (event: FleetEvent) => void): () => void };
  /** How long a rollout is watched before it counts as timed out; default 10 minutes. */
  rolloutTimeoutMs?: number;
  /** Default: the config's deploymentPollIntervalMs. */
  pollIntervalMs?: number;
  clock?: ActionClock;
  /** How long a plan can be executed after it was made; default 5 minutes. */
  planTtlMs?: number;
  /** Default: ~/Downloads when it exists (Electron passes app.getPath('downloads')). */
  downloadsDir?: string | null;
  /** Settle this source's unfinished actions from the audit log at start; default true. */
  reconcile?: boolean;
  /**
   * Watch a rollout found still under way at start to its end (default true). A command
   * that runs only its own action says false: it reports such rollouts and leaves them.
   */
  watchUnfinished?: boolean;
  /**
   * The fleet lives and dies with this process (the embedded sandbox): its actions go to an
   * audit log of their own, so demo actions never mix with real ones, and entries say so.
   */
  fleetIsEphemeral?: boolean;
  /**
   * How this program takes part in the team's operations log, where a Kafka cluster of the
   * config has one: which program it is (default console), and where SASL passwords come from.
   */
  team?: { via?: OperationsHolder['via']; secrets?: () => SecretStore | null; hostname?: string };
}

export type ScenarioRunner = { runScenario(scenario: SandboxScenario): Promise<SandboxScenarioResult> };

export interface ActionServices {
  register(router: IpcRouter): void;
  planRollback(
    request: {
      cluster: string;
      service: string;
      environment?: string | undefined;
      targetRevision?: number | undefined;
    },
    signal?: AbortSignal,
  ): Promise<RollbackPlan>;
  planPromotion(
    request: {
      service: string;
      fromCluster: string;
      toCluster: string;
      toService?: string | undefined;
      fromEnvironment?: string | undefined;
      toEnvironment?: string | undefined;
    },
    signal?: AbortSignal,
  ): Promise<PromotionPlan>;
  execute(request: {
    planId: string;
    confirmation: string;
    withoutTeamLock?: boolean | undefined;
  }): Promise<{ actionId: string }>;
  /** Throws NOT_FOUND for an unknown action; the first event is the current state. */
  subscribeProgress(actionId: string, emit: (progress: ActionProgress) => void, end: () => void): () => void;
  /** The final progress event of an action. */
  finished(actionId: string): Promise<ActionProgress>;
  policy(): ActionPolicyState;
  /**
   * Plans, policy and the Sandbox menu's audit entries use these environments from now on:
   * the console's sandbox was rebuilt with other clusters. Entries already written keep theirs.
   */
  useEnvironments(environments: readonly EnvironmentConfig[]): void;
  /** Why every action is refused now, or null: the console-wide switch turned while it runs. */
  useReadOnlyReason(reason: string | null): void;
  /** The sandbox with every scenario written to the audit log, for the Sandbox menu's handlers. */
  auditedSandbox<S extends ScenarioRunner & { readonly ecsEndpoint: string }>(sandbox: S): S;
  readonly auditLog: AuditLog;
  /** Which entries are this source's own, for the views (the timeline shows only those). */
  readonly auditScope: () => Promise<(entry: AuditEntry) => boolean>;
  /** Settles at start what the log left unfinished; see auditReconciler.ts. */
  readonly reconciliation: Promise<ReconciliationReport>;
  /** Stops watches (unfinished actions are reconciled at the next start) and the fleet feed. */
  close(): Promise<void>;
}

const defaultTimeoutMs = 10 * 60_000;
const defaultPlanTtlMs = 5 * 60_000;
/** Enough for the hand-over after an incident; too few to fill a wall screen's disk. */
const readOnlyExportsPerHour = 5;

export function createActionServices(options: ActionServicesOptions): ActionServices {
  const now = options.now ?? Date.now;
  const clock = options.clock ?? systemActionClock;
  const newId = () => randomUUID();
  const ownHealthClients = options.healthClients ? null : new HealthClientFactory();
  const healthClients = options.healthClients ?? ownHealthClients!;
  const targets = new ServiceTargets(options.config?.environments ?? [], options.clients, healthClients, now);
  const embeddedSandbox = options.fleetIsEphemeral ?? false;
  const auditLog = new AuditLog(
    embeddedSandbox
      ? sandboxAuditLogPath(options.dataDir, now(), newId().slice(0, 8))
      : auditLogPath(options.dataDir),
    { onProblem: options.log },
  );
  const identity = options.identity ?? createCallerIdentityResolver({ now });
  const source = new AuditSource({
    environments: options.config?.environments ?? [],
    embeddedSandbox,
    identity,
  });
  let readOnlyReason = options.readOnlyReason;
  const teamLocks = new TeamActionLocks({
    kafka: () => options.config?.kafka ?? [],
    via: options.team?.via ?? 'console',
    ...(options.team?.secrets ? { secrets: options.team.secrets } : {}),
    ...(options.team?.hostname ? { hostname: options.team.hostname } : {}),
    now,
    newId,
    log: options.log,
  });
  const policy = new ActionPolicy({
    readOnlyReason,
    environments: options.config?.environments ?? [],
    lockScope: (environment) => teamLocks.scopeOf(environment),
  });
  const locks = new ServiceLocks();
  const hub = new ProgressHub(now);
  const plans = new PlanStore(now, options.planTtlMs ?? defaultPlanTtlMs);
  const observations = new DeploymentObservations();
  const taskDefinitions = new TaskDefinitionCache();
  const pollIntervalMs = options.pollIntervalMs ?? options.config?.deploymentPollIntervalMs ?? 2000;
  const timeoutMs = options.rolloutTimeoutMs ?? defaultTimeoutMs;
  const unsubscribeFleet = options.fleet?.subscribe((event) => observations.observeFleet(event));
  const closing = new AbortController();

  const blockedReason = (target: ServiceTarget): string | null => {
    const refusal = policy.refusalFor(target.environment.name);
    if (refusal) return refusal;
    const holder = locks.holderOf({
      environment: target.environment.name,
      cluster: target.cluster,
      service: target.service,
    });
    return holder ? `held by ${holder.description}` : null;
  };
  const reconcilerDeps = (locate: ReconcilerDeps['locate'], watchUnderWay: boolean): ReconcilerDeps => ({
    audit: auditLog,
    locate,
    taskDefinitions,
    observations,
    hub,
    locks,
    now,
    clock,
    newId,
    pollIntervalMs,
    minimumWatchMs: Math.min(timeoutMs, 2 * 60_000),
    watchUnderWay,
    signal: closing.signal,
    log: options.log,
  });

  const reconciliation = (async (): Promise<ReconciliationReport> => {
    const contents = await auditLog.read();
    for (const problem of contents.problems) options.log(problem.message);
    if (options.reconcile === false) return emptyReconciliationReport();
    const match = await source.matcher();
    const report = await reconcileAuditLog(
      reconcilerDeps((start) => locateWith(match, start, targets), options.watchUnfinished ?? true),
      contents.records,
    );
    for (const settled of report.settled)
      options.log(`Reconciled action ${settled.actionId}: ${settled.outcome}. ${settled.message}`);
    for (const actionId of report.watching)
      options.log(`Action ${actionId} was under way when the console stopped; watching it again.`);
    for (const { start, finding } of report.underWay)
      options.log(
        `Action ${start.actionId} (${start.kind} of ${start.service ?? '?'}) has no end in the audit log: ${finding} Left for the process following it.`,
      );
    return report;
  })();
  reconciliation.catch((error: unknown) =>
    options.log(`Cannot reconcile the audit log: ${toIpcError(error).message}`),
  );

  const context: PlanningContext = {
    taskDefinitions,
    observations,
    whereFor: (target, clusterArn) => source.where(target.environment, clusterArn),
    async auditHistory(target, where, service) {
      // What this source left unfinished is settled before anything is planned on it.
      await reconciliation.catch(() => null);
      try {
        return await readServiceAuditHistory(
          {
            audit: auditLog,
            reconcile: (records, located, only) =>
              reconcileAuditLog(
                reconcilerDeps(
                  () => ({
                    environment: located.environment,
                    client: located.client,
                    health: located.health,
                  }),
                  false,
                ),
                records,
                { only },
              ),
            heldActionIds: () => new Set(locks.list().map((holder) => holder.actionId)),
          },
          target,
          where,
          service,
        );
      } catch (error) {
        return unreadableAuditHistory(error);
      }
    },
    apiSupport: new ApiSupport(),
    now,
    newId,
    ttlMs: plans.ttlMs,
    blockedReason,
  };
  const executor = new ActionExecutor({
    plans,
    locks,
    team: teamLocks,
    policy,
    audit: auditLog,
    hub,
    observations,
    taskDefinitions,
    identity,
    now,
    clock,
    newId,
    pollIntervalMs,
    timeoutMs,
    log: options.log,
  });

  const auditScope = async (): Promise<(entry: AuditEntry) => boolean> => {
    const match = await source.matcher();
    return (entry) => match(entry.where).length > 0;
  };

  const services: ActionServices = {
    auditLog,
    reconciliation,
    auditScope,
    register(router) {
      registerActionHandlers(router, services);
      registerAuditHandlers(router, {
        log: auditLog,
        folders: {
          dataDir: options.dataDir,
          downloads: options.downloadsDir === undefined ? defaultDownloads() : options.downloadsDir,
        },
        scope: auditScope,
        exportsPerHour: () => (readOnlyReason === null ? undefined : readOnlyExportsPerHour),
        now,
      });
    },
    async planRollback(request, signal = AbortSignal.timeout(30_000)) {
      const target = await targets.resolve(request, signal);
      const stored = await planRollback(context, target, request, signal);
      plans.put(stored);
      return stored.plan as RollbackPlan;
    },
    async planPromotion(request, signal = AbortSignal.timeout(30_000)) {
      const [source, destination] = await Promise.all([
        targets.resolve(
          { environment: request.fromEnvironment, cluster: request.fromCluster, service: request.service },
          signal,
        ),
        targets.resolve(
          {
            environment: request.toEnvironment,
            cluster: request.toCluster,
            service: request.toService ?? request.service,
          },
          signal,
        ),
      ]);
      const stored = await planPromotion(context, source, destination, signal);
      plans.put(stored);
      return stored.plan as PromotionPlan;
    },
    execute: (request) => executor.execute(request),
    subscribeProgress: (actionId, emit, end) => hub.subscribe(actionId, emit, end),
    finished: (actionId) => hub.finished(actionId),
    policy: () => policy.state(locks.list()),
    useEnvironments(environments) {
      targets.useEnvironments(environments);
      policy.useEnvironments(environments);
    },
    useReadOnlyReason(reason) {
      readOnlyReason = reason;
      policy.useReadOnlyReason(reason);
    },
    auditedSandbox(sandbox) {
      const endpoint = normaliseEndpoint(sandbox.ecsEndpoint);
      const environment = targets
        .environments()
        .find(
          (candidate) => candidate.aws.endpoint && normaliseEndpoint(candidate.aws.endpoint) === endpoint,
        );
      const where: AuditWhere = environment
        ? source.where(environment, null)
        : { source: 'sandbox', account: null, region: sandboxRegion, clusterArn: null, endpoint };
      const runScenario = async (scenario: SandboxScenario): Promise<SandboxScenarioResult> => {
        const actionId = newId();
        const base = scenarioEntry(actionId, scenario, now(), where);
        await auditLog.append({ ...base, id: newId(), type: 'start' });
        try {
          const result = await sandbox.runScenario(scenario);
          await auditLog.append({
            ...base,
            id: newId(),
            type: 'end',
            at: now(),
            outcome: 'succeeded',
            message: result.summary,
          });
          return result;
        } catch (error) {
          const message = toIpcError(error).message;
          await auditLog
            .append({
              ...base,
              id: newId(),
              type: 'end',
              at: now(),
              outcome: 'failed',
              message,
              error: message,
            })
            .catch(() => undefined);
          throw error;
        }
      };
      return { ...sandbox, runScenario };
    },
    async close() {
      closing.abort();
      unsubscribeFleet?.();
      await executor.close();
      await teamLocks.close();
      const report = await reconciliation.catch(() => null);
      await report?.watches;
      ownHealthClients?.destroyAll();
    },
  };
  return services;
}

/**
 * The environment of this source that reaches the entry's cluster, and its client: one that
 * lists the cluster when several match, else the first. Null for another source's entry.
 */
function locateWith(
  match: SourceMatcher,
  start: AuditEntry,
  targets: Pick<ServiceTargets, 'clientFor' | 'healthFor'>,
): LocatedAction | null {
  const candidates = match(start.where);
  const cluster = start.where?.clusterArn ?? start.cluster;
  const listing = candidates.find((environment) =>
    (environment.clusters ?? []).some(
      (listed) => listed === cluster || (cluster !== null && listed === resourceNameFromArn(cluster)),
    ),
  );
  const environment = listing ?? candidates[0];
  return environment
    ? { environment, client: targets.clientFor(environment), health: targets.healthFor(environment) }
    : null;
}

function scenarioEntry(
  actionId: string,
  scenario: SandboxScenario,
  at: number,
  where: AuditWhere,
): AuditEntry {
  const cluster = 'cluster' in scenario ? scenario.cluster : null;
  const service = 'service' in scenario ? scenario.service : 'group' in scenario ? scenario.group : null;
  return {
    v: 1,
    id: '',
    actionId,
    type: 'start',
    at,
    kind: 'sandbox-scenario',
    actor: sandboxActor,
    where,
    environment: 'sandbox',
    cluster,
    service,
    from: null,
    to: null,
    plan: null,
    outcome: null,
    message: `Sandbox scenario ${JSON.stringify(scenario)}`,
    error: null,
  };
}

function defaultDownloads(): string | null {
  const folder = join(homedir(), 'Downloads');
  return existsSync(folder) ? folder : null;
}
