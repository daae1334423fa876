import { utcText } from '../time/clockText';
import { revisionLabel } from '../fleet/ecsArns';
import type { RevisionChoice, RevisionOutcome } from './actionModel';

/**
 * Where a rollback goes: the revision of the last deployment that completed before the
 * current one, never one the console has seen fail; without a deployment history, the
 * newest earlier revision of the family that has not failed. The user may name another.
 *
 * Failed means a rollout that ECS or the console's watch saw fail. A revision someone rolled
 * back from is not known to have failed (the rollback may have been a choice): that is said
 * beside it, and it stays a candidate.
 */

export interface RevisionFacts {
  arn: string;
  family: string;
  revision: number;
  /** ACTIVE or INACTIVE. */
  status: string;
  registeredAt: number | null;
  imageTags: string[];
}

/**
 * One deployment of a revision to this service, and how it ended. `rolled-back` means it
 * was rolled back from without anyone seeing it fail; a rollback after a failure is `failed`.
 */
export interface DeploymentFact {
  taskDefinitionArn: string;
  outcome: RevisionOutcome;
  at: number | null;
  detail: string | null;
}

/** A revision the console has seen fail, and how. */
export interface FailureFact {
  taskDefinitionArn: string;
  reason: string;
  at: number | null;
}

export interface RollbackChoiceInput {
  currentArn: string;
  revisions: readonly RevisionFacts[];
  history: readonly DeploymentFact[];
  failures: readonly FailureFact[];
  requestedRevision?: number | undefined;
  maxAlternatives?: number;
}

export type RollbackChoice =
  | {
      ok: true;
      target: RevisionFacts;
      reason: string;
      warnings: string[];
      alternatives: RevisionChoice[];
    }
  | { ok: false; code: 'NOT_FOUND' | 'VALIDATION'; message: string; alternatives: RevisionChoice[] };

export function chooseRollbackTarget(input: RollbackChoiceInput): RollbackChoice {
  const byArn = new Map(input.revisions.map((facts) => [facts.arn, facts]));
  const current = byArn.get(input.currentArn);
  const currentLabel = current ? revisionLabel(current) : input.currentArn;
  const failed = failureReasons(input);
  const history = [...input.history].sort((a, b) => (b.at ?? -Infinity) - (a.at ?? -Infinity));
  const warnings: string[] = [];

  const choose = (
    target: RevisionFacts,
    reason: string,
    completedAt: number | null = null,
  ): RollbackChoice => {
    const rolledBack = history.find(
      (fact) =>
        fact.taskDefinitionArn === target.arn &&
        fact.outcome === 'rolled-back' &&
        (completedAt === null || (fact.at ?? -Infinity) >= completedAt),
    );
    if (rolledBack)
      warnings.push(
        `${revisionLabel(target)} ${rolledBack.detail ?? 'was rolled back from'}; nothing on record shows it failed, so it is still a candidate.`,
      );
    return {
      ok: true,
      target,
      reason,
      warnings,
      alternatives: alternativesFor(input, history, failed, target),
    };
  };
  const refuse = (code: 'NOT_FOUND' | 'VALIDATION', message: string): RollbackChoice => ({
    ok: false,
    code,
    message,
    alternatives: alternativesFor(input, history, failed, null),
  });

  if (input.requestedRevision !== undefined) {
    const family = current?.family ?? input.revisions[0]?.family ?? '';
    const requested = input.revisions.find((facts) => facts.revision === input.requestedRevision);
    const label = `${family}:${input.requestedRevision}`;
    if (!requested) return refuse('NOT_FOUND', `${label} does not exist.`);
    if (requested.arn === input.currentArn) return refuse('VALIDATION', `The service already runs ${label}.`);
    if (requested.status !== 'ACTIVE')
      return refuse(
        'VALIDATION',
        `${label} is ${requested.status} (deregistered); ECS cannot deploy it. Choose an ACTIVE revision.`,
      );
    const failure = failed.get(requested.arn);
    if (failure)
      warnings.push(
        `The console has seen ${label} fail (${failure}); it is the target only because it was chosen.`,
      );
    return choose(requested, `${label} was chosen instead of the proposed target.`);
  }

  for (const deployment of history) {
    if (deployment.outcome !== 'completed' || deployment.taskDefinitionArn === input.currentArn) continue;
    const facts = byArn.get(deployment.taskDefinitionArn);
    if (!facts) continue;
    const label = revisionLabel(facts);
    if (failed.has(facts.arn)) {
      warnings.push(`${label} completed a deployment but later failed (${failed.get(facts.arn)}); skipped.`);
      continue;
    }
    if (facts.status !== 'ACTIVE') {
      warnings.push(`${label} completed a deployment but is ${facts.status} now; skipped.`);
      continue;
    }
    return choose(
      facts,
      `${label} is the revision of the last deployment that completed before ${currentLabel}${deployment.at === null ? '' : ` (${utcText(deployment.at)})`}.`,
      deployment.at,
    );
  }

  const currentRevision = current?.revision ?? Number.POSITIVE_INFINITY;
  const earlier = input.revisions
    .filter((facts) => facts.revision < currentRevision && facts.arn !== input.currentArn)
    .sort((a, b) => b.revision - a.revision);
  const skipped: string[] = [];
  for (const facts of earlier) {
    if (facts.status !== 'ACTIVE') continue;
    const failure = failed.get(facts.arn);
    if (failure) {
      skipped.push(`${revisionLabel(facts)} (${failure})`);
      continue;
    }
    if (skipped.length > 0)
      warnings.push(`Skipped revisions the console has seen fail: ${skipped.join('; ')}.`);
    return choose(
      facts,
      `No completed deployment before ${currentLabel} is on record; ${revisionLabel(facts)} is the newest earlier ACTIVE revision that the console has not seen fail.`,
    );
  }
  return refuse(
    'NOT_FOUND',
    `No revision to roll back to: ${currentLabel} has no earlier ACTIVE revision that the console has not seen fail${skipped.length > 0 ? ` (skipped ${skipped.join('; ')})` : ''}.`,
  );
}

function failureReasons(input: RollbackChoiceInput): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const failure of input.failures)
    if (!reasons.has(failure.taskDefinitionArn)) reasons.set(failure.taskDefinitionArn, failure.reason);
  for (const deployment of input.history) {
    if (deployment.outcome !== 'failed') continue;
    if (reasons.has(deployment.taskDefinitionArn)) continue;
    reasons.set(deployment.taskDefinitionArn, deployment.detail ?? 'its deployment failed');
  }
  return reasons;
}

function alternativesFor(
  input: RollbackChoiceInput,
  history: readonly DeploymentFact[],
  failed: ReadonlyMap<string, string>,
  proposed: RevisionFacts | null,
): RevisionChoice[] {
  const limit = input.maxAlternatives ?? 8;
  const candidates = input.revisions
    .filter((facts) => facts.arn !== input.currentArn)
    .sort((a, b) => b.revision - a.revision);
  const shown = candidates.slice(0, limit);
  if (proposed && !shown.includes(proposed)) shown.push(proposed);
  return shown.map((facts) => {
    const newest = history.find((deployment) => deployment.taskDefinitionArn === facts.arn);
    const failure = failed.get(facts.arn);
    const outcome: RevisionOutcome = failure ? 'failed' : (newest?.outcome ?? 'unknown');
    return {
      arn: facts.arn,
      family: facts.family,
      revision: facts.revision,
      label: revisionLabel(facts),
      imageTags: facts.imageTags,
      status: facts.status,
      outcome,
      outcomeDetail:
        failure ?? newest?.detail ?? (newest?.at == null ? null : `${newest.outcome} ${utcText(newest.at)}`),
      registeredAt: facts.registeredAt,
      isProposed: facts === proposed,
      selectable: facts.status === 'ACTIVE',
    };
  });
}
