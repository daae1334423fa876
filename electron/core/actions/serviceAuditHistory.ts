import { utcText } from '../../../shared/time/clockText';
import type { Service } from '@aws-sdk/client-ecs';
import type {
  AuditEntry,
  AuditRecord,
  AuditWhere,
  UnfinishedAction,
} from '../../../shared/actions/actionModel';
import { sameCluster } from '../../../shared/actions/auditWhere';
import type { DeploymentFact, FailureFact } from '../../../shared/actions/rollbackTarget';
import { danglingStarts, type ReconciliationReport } from '../audit/auditReconciler';
import type { AuditLog } from '../audit/auditLog';
import { toIpcError } from '../ipc/consoleError';
import type { ServiceTarget } from './serviceTargets';
import { labelOfArn } from './taskDefinitionShape';

/**
 * What the audit log tells a plan about one service, read afresh for each plan so that
 * what another process (the CLI, another console) wrote counts too. Only entries about the
 * same cluster of the same fleet are used (see shared/actions/auditWhere.ts): one fleet's
 * records never change a plan for another, and entries that do not say where they acted
 * are never used.
 *
 * Before that, actions on the service that another process left unfinished are reconciled
 * with ECS, and the plan names every earlier action that did not finish where it started.
 */

export interface ServiceAuditHistory {
  /** Revisions rolled back from by a console action that succeeded: notes, not failures. */
  history: DeploymentFact[];
  /** Revisions whose console rollout failed, as the watch or a reconciliation saw. */
  failures: FailureFact[];
  unfinished: UnfinishedAction[];
  /** Why part of it could not be read, for the plan's warnings. */
  notes: string[];
}

export interface ServiceAuditHistoryDeps {
  audit: AuditLog;
  /** Settles the chosen unfinished entries with ECS through `target`, appending what it found. */
  reconcile(
    records: readonly AuditRecord[],
    target: ServiceTarget,
    only: (start: AuditEntry) => boolean,
  ): Promise<ReconciliationReport>;
  /** Actions this process runs or watches now: they are not unfinished, they are under way here. */
  heldActionIds(): ReadonlySet<string>;
}

export async function readServiceAuditHistory(
  deps: ServiceAuditHistoryDeps,
  target: ServiceTarget,
  where: AuditWhere,
  service: Service,
): Promise<ServiceAuditHistory> {
  const about = (entry: AuditEntry) =>
    (entry.kind === 'rollback' || entry.kind === 'promotion') &&
    entry.service === target.service &&
    sameCluster(entry.where, where);
  let { records } = await deps.audit.read();
  const held = deps.heldActionIds();
  const open = new Set(
    danglingStarts(records)
      .filter((start) => about(start) && !held.has(start.actionId))
      .map((start) => start.actionId),
  );
  const unsettled = new Map<string, string>();
  if (open.size > 0) {
    const report = await deps.reconcile(records, target, (start) => open.has(start.actionId));
    for (const { start, finding } of report.underWay)
      unsettled.set(
        start.actionId,
        `It has no end in the audit log yet: ${finding} The process that started it may still be following it.`,
      );
    for (const deferred of report.deferred)
      unsettled.set(deferred.actionId, `It could not be checked with ECS: ${deferred.reason}`);
    if (report.settled.length > 0) ({ records } = await deps.audit.read());
  }
  const mine = records.filter((record) => about(record.entry));
  return {
    ...auditedOutcomes(mine),
    unfinished: unfinishedActions(mine, held, unsettled, service),
    notes: [],
  };
}

/** Outcomes of console actions, from their end and reconciliation entries. */
function auditedOutcomes(records: readonly AuditRecord[]): Pick<ServiceAuditHistory, 'history' | 'failures'> {
  const starts = new Map<string, AuditEntry>();
  const targets = new Map<string, string>();
  const history: DeploymentFact[] = [];
  const failures: FailureFact[] = [];
  for (const { entry } of records) {
    if (entry.type === 'start') starts.set(entry.actionId, entry);
    if (entry.to?.arn) targets.set(entry.actionId, entry.to.arn);
    if (entry.type !== 'end' && entry.type !== 'reconciliation') continue;
    const start = starts.get(entry.actionId);
    if (!start) continue;
    const when = utcText(entry.at);
    const target = targets.get(entry.actionId);
    if (entry.outcome === 'failed' && target)
      failures.push({
        taskDefinitionArn: target,
        reason: `a console ${start.kind} to it failed (${when})`,
        at: entry.at,
      });
    if (entry.outcome === 'succeeded' && start.kind === 'rollback' && start.from?.arn)
      history.push({
        taskDefinitionArn: start.from.arn,
        outcome: 'rolled-back',
        at: entry.at,
        detail: `was rolled back from by ${start.actor.identity} at ${when}`,
      });
  }
  return { history, failures };
}

/**
 * The actions since the last one that ended where it started, newest first: each either
 * settled by a reconciliation or still without an end. Once an action on the service has
 * ended normally, the ones before it are history and no longer named.
 */
function unfinishedActions(
  records: readonly AuditRecord[],
  held: ReadonlySet<string>,
  unsettled: ReadonlyMap<string, string>,
  service: Service,
): UnfinishedAction[] {
  const byAction = new Map<string, AuditEntry[]>();
  for (const { entry } of records) {
    const list = byAction.get(entry.actionId);
    if (list) list.push(entry);
    else byAction.set(entry.actionId, [entry]);
  }
  const actions = [...byAction.values()]
    .map((entries) => ({ start: entries.find((entry) => entry.type === 'start'), entries }))
    .filter((action): action is { start: AuditEntry; entries: AuditEntry[] } => action.start !== undefined)
    .filter((action) => !held.has(action.start.actionId))
    .sort((a, b) => b.start.at - a.start.at);
  const now = describeServiceNow(service);
  const found: UnfinishedAction[] = [];
  for (const { start, entries } of actions) {
    if (entries.some((entry) => entry.type === 'end')) break;
    const settled = entries.filter((entry) => entry.type === 'reconciliation').at(-1);
    const lastTo = entries.filter((entry) => entry.to !== null).at(-1)?.to ?? start.to;
    const from = start.from?.label ?? null;
    const to = lastTo?.label ?? null;
    const by = start.actor.identity;
    const what = `An earlier ${start.kind} of ${start.service ?? 'the service'} (${from ?? '?'} → ${to ?? '?'}, started ${utcText(start.at)} by ${by}) did not finish in the process that started it.`;
    const state = settled
      ? `Reconciled with ECS at ${utcText(settled.at)} as ${settled.outcome ?? 'unknown'}: ${settled.message ?? ''}`
      : (unsettled.get(start.actionId) ?? 'It has no end in the audit log yet.');
    found.push({
      actionId: start.actionId,
      kind: start.kind,
      from,
      to,
      startedAt: start.at,
      by,
      outcome: settled?.outcome ?? null,
      notice: `${what} ${state.trim()} ECS now shows ${now}.`,
    });
  }
  return found;
}

/** The service's deployments as ECS reports them, PRIMARY first, in one line. */
export function describeServiceNow(service: Service): string {
  const deployments = [...(service.deployments ?? [])].sort(
    (a, b) => Number(b.status === 'PRIMARY') - Number(a.status === 'PRIMARY'),
  );
  if (deployments.length === 0) return 'no deployments';
  return deployments
    .map(
      (deployment) =>
        `${labelOfArn(deployment.taskDefinition ?? '?')} ${deployment.status ?? '?'} (rollout ${deployment.rolloutState ?? 'unknown'}, ${deployment.runningCount ?? 0}/${deployment.desiredCount ?? 0} running)`,
    )
    .join('; ');
}

/** A plan does not fail because the log cannot be read; it says so instead. */
export function unreadableAuditHistory(error: unknown): ServiceAuditHistory {
  return {
    history: [],
    failures: [],
    unfinished: [],
    notes: [
      `The audit log could not be read for this plan (${toIpcError(error).message}); earlier console actions are not taken into account.`,
    ],
  };
}
