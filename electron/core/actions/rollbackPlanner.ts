import type { Deployment, Service } from '@aws-sdk/client-ecs';
import type { ActionMethod, RollbackPlan } from '../../../shared/actions/actionModel';
import { chooseRollbackTarget, type RevisionFacts } from '../../../shared/actions/rollbackTarget';
import { diffTaskDefinitions } from '../../../shared/actions/taskDefinitionDiff';
import { parseTaskDefinitionArn } from '../../../shared/fleet/ecsArns';
import { describeService } from '../fleet/ecsFleetReader';
import { mapConcurrently } from '../fleet/mapConcurrently';
import { toDeploymentSummary } from '../fleet/serviceSummary';
import { ConsoleError } from '../ipc/consoleError';
import { readDeploymentEvidence } from './deploymentEvidence';
import { failedTaskEvidence, readDeploymentHistory } from './deploymentHistory';
import {
  clusterArnOf,
  confirmationFor,
  primaryOf,
  requireTaskDefinition,
  type PlanningContext,
} from './planningContext';
import type { StoredPlan } from './planStore';
import { serviceKey, type ServiceTarget } from './serviceTargets';
import { listActiveRevisions, type DescribedTaskDefinition } from './taskDefinitionCache';
import { labelOf, labelOfArn, toRevisionFacts, toTaskDefinitionRef } from './taskDefinitionShape';

/**
 * Plans a rollback of one service: reads the service, its deployment history and its
 * family's revisions, picks the target (see shared/actions/rollbackTarget.ts), and the method:
 * StopServiceDeployment with ROLLBACK while a deployment is in progress and ECS would
 * return where the plan says, UpdateService to the target otherwise.
 */

/** Revisions described for the plan: the newest few, and those just below the current one. */
const newestRevisionsShown = 4;
const earlierRevisionsShown = 6;

export async function planRollback(
  context: PlanningContext,
  target: ServiceTarget,
  request: { targetRevision?: number | undefined },
  signal: AbortSignal,
): Promise<StoredPlan> {
  const { client, cluster } = target;
  const service = await describeService(client, cluster, target.service, signal);
  const primary = primaryOf(service, target.service);
  const key = serviceKey({ environment: target.environment.name, cluster, service: target.service });
  context.observations.observeDeployments(key, (service.deployments ?? []).map(toDeploymentSummary));

  const where = context.whereFor(target, clusterArnOf(service));
  const [history, evidence, current, audited, metrics] = await Promise.all([
    readDeploymentHistory(client, cluster, service, context.apiSupport, signal),
    failedTaskEvidence(client, cluster, target.service, signal),
    requireTaskDefinition(context, target, primary.taskDefinition, signal),
    context.auditHistory(target, where, service),
    readDeploymentEvidence({
      health: target.health,
      cluster,
      serviceName: target.service,
      service,
      revision: labelOfArn(primary.taskDefinition),
      deployedAt: primary.createdAt?.getTime() ?? null,
      now: context.now(),
      signal,
    }),
  ]);
  const knownHistory = [...history.facts, ...context.observations.historyFor(key), ...audited.history];
  const family = current.taskDefinition.family ?? parseTaskDefinitionArn(primary.taskDefinition).family;
  const currentRevision = current.taskDefinition.revision ?? 0;
  const active = await listActiveRevisions(client, family, signal);
  const wanted = new Set<string>([
    ...active.slice(0, newestRevisionsShown),
    ...active
      .filter((arn) => parseTaskDefinitionArn(arn).revision < currentRevision)
      .slice(0, earlierRevisionsShown),
    ...knownHistory
      .map((fact) => fact.taskDefinitionArn)
      .filter((arn) => parseTaskDefinitionArn(arn).family === family),
  ]);
  if (request.targetRevision !== undefined) wanted.add(`${family}:${request.targetRevision}`);
  wanted.delete(primary.taskDefinition);
  const described = (
    await mapConcurrently([...wanted], 4, (reference) =>
      context.taskDefinitions.get(client, reference, signal),
    )
  ).filter((entry): entry is DescribedTaskDefinition => entry !== null);
  const byArn = new Map(described.map((entry) => [entry.taskDefinition.taskDefinitionArn ?? '', entry]));
  const revisions: RevisionFacts[] = [current, ...byArn.values()].map((entry) =>
    toRevisionFacts(entry.taskDefinition),
  );

  const choice = chooseRollbackTarget({
    currentArn: primary.taskDefinition,
    revisions,
    history: knownHistory,
    failures: [...context.observations.failuresFor(key), ...evidence.failures, ...audited.failures],
    requestedRevision: request.targetRevision,
  });
  if (!choice.ok)
    throw new ConsoleError(choice.code, `Cannot plan a rollback of ${target.service}: ${choice.message}`);
  const chosen = byArn.get(choice.target.arn);
  if (!chosen) throw new ConsoleError('NOT_FOUND', `Task definition ${choice.target.arn} does not exist.`);

  const inProgress = primary.rolloutState === 'IN_PROGRESS';
  const method = chooseMethod(service, primary, chosen, history.inProgress, inProgress);
  const warnings = [...choice.warnings, ...history.notes, ...audited.notes];
  if (evidence.note) warnings.push(evidence.note);
  if (inProgress && method.kind === 'update-service')
    warnings.push(
      `A deployment of ${labelOf(current.taskDefinition)} is in progress; UpdateService replaces it with a new deployment of ${labelOf(chosen.taskDefinition)}.`,
    );
  if (history.inProgress?.status.startsWith('ROLLBACK'))
    warnings.push(`ECS is already rolling back the deployment in progress (${history.inProgress.status}).`);
  const currentImages = toTaskDefinitionRef(current.taskDefinition)
    .images.map((image) => image.image)
    .join(',');
  const targetImages = toTaskDefinitionRef(chosen.taskDefinition)
    .images.map((image) => image.image)
    .join(',');
  if (currentImages === targetImages)
    warnings.push(
      `${labelOf(chosen.taskDefinition)} runs the same images as ${labelOf(current.taskDefinition)}.`,
    );

  const now = context.now();
  const plan: RollbackPlan = {
    kind: 'rollback',
    id: context.newId(),
    createdAt: now,
    expiresAt: now + context.ttlMs,
    environment: target.environment.name,
    cluster,
    service: target.service,
    current: toTaskDefinitionRef(current.taskDefinition),
    target: toTaskDefinitionRef(chosen.taskDefinition),
    method,
    diff: diffTaskDefinitions(current.taskDefinition, chosen.taskDefinition),
    warnings,
    ...confirmationFor(target),
    blockedReason: context.blockedReason(target),
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    deploymentInProgress: inProgress,
    unfinishedActions: audited.unfinished,
    targetReason: choice.reason,
    alternatives: choice.alternatives,
    historySource: history.source,
    evidence: metrics,
  };
  return { plan, target, where, registration: null };
}

/**
 * StopServiceDeployment only when ECS would land where the plan says: it returns to the
 * deployment that last completed, which is the COMPLETED one still running beside the
 * PRIMARY. Any other choice is an UpdateService.
 */
function chooseMethod(
  service: Service,
  primary: Deployment,
  chosen: DescribedTaskDefinition,
  underWay: { arn: string; status: string } | null,
  inProgress: boolean,
): ActionMethod {
  const targetLabel = labelOf(chosen.taskDefinition);
  const completedBeside = (service.deployments ?? [])
    .filter((deployment) => deployment !== primary && deployment.rolloutState === 'COMPLETED')
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  const deploymentArn = underWay?.arn ?? service.currentServiceDeployment;
  const ecsWouldReturnTo = completedBeside?.taskDefinition;
  if (
    inProgress &&
    deploymentArn &&
    !underWay?.status.startsWith('ROLLBACK') &&
    ecsWouldReturnTo === chosen.taskDefinition.taskDefinitionArn
  ) {
    return {
      kind: 'stop-deployment',
      serviceDeploymentArn: deploymentArn,
      summary: `StopServiceDeployment (ROLLBACK) on the deployment in progress: ECS stops it and returns to ${targetLabel}, the deployment that last completed.`,
    };
  }
  return {
    kind: 'update-service',
    summary: `UpdateService to ${targetLabel}: a new rolling deployment with the service's own deployment settings.`,
  };
}
