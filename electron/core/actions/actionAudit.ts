import type {
  ActionPlan,
  AuditActor,
  AuditEntry,
  AuditOutcome,
  AuditPlan,
  AuditWhere,
} from '../../../shared/actions/actionModel';

/** Audit entries for plan-based actions: what the start line records, and the lines that follow it. */

export interface ActionRecordBase {
  actionId: string;
  plan: ActionPlan;
  actor: AuditActor;
  where: AuditWhere;
}

export function startEntry(
  base: ActionRecordBase,
  fields: { id: string; at: number; timeoutMs: number },
): AuditEntry {
  const { plan } = base;
  const auditPlan: AuditPlan = {
    planId: plan.id,
    method: plan.method.kind,
    methodSummary: plan.method.summary,
    serviceDeploymentArn: plan.method.kind === 'stop-deployment' ? plan.method.serviceDeploymentArn : null,
    diff: plan.diff,
    warnings: plan.warnings,
    confirmation: plan.requiresTypedConfirmation ? 'typed' : 'click',
    targetImages: plan.target.images,
    timeoutMs: fields.timeoutMs,
    evidence: plan.kind === 'rollback' ? plan.evidence : null,
  };
  return {
    ...common(base, fields, 'start'),
    plan: auditPlan,
    message:
      plan.kind === 'rollback'
        ? `Rollback of ${plan.service} from ${plan.current.label} to ${plan.target.label}: ${plan.targetReason}`
        : `Promotion of ${plan.source.service} (${plan.source.environment} ${plan.source.taskDefinition.label}) to ${plan.service} in ${plan.environment}.`,
  };
}

/** After a promotion registered its revision: the target a restart must look for. */
export function stepEntry(
  base: ActionRecordBase,
  fields: { id: string; at: number; registeredArn: string; registeredLabel: string },
): AuditEntry {
  return {
    ...common(base, fields, 'step'),
    to: { label: fields.registeredLabel, arn: fields.registeredArn },
    message: `Registered ${fields.registeredLabel}.`,
  };
}

export function endEntry(
  base: ActionRecordBase,
  fields: {
    id: string;
    at: number;
    outcome: AuditOutcome;
    message: string;
    error: string | null;
    to?: { label: string; arn: string | null } | undefined;
  },
): AuditEntry {
  return {
    ...common(base, fields, 'end'),
    ...(fields.to ? { to: fields.to } : {}),
    outcome: fields.outcome,
    message: fields.message,
    error: fields.error,
  };
}

function common(
  base: ActionRecordBase,
  fields: { id: string; at: number },
  type: AuditEntry['type'],
): AuditEntry {
  const { plan } = base;
  return {
    v: 1,
    id: fields.id,
    actionId: base.actionId,
    type,
    at: fields.at,
    kind: plan.kind,
    actor: base.actor,
    where: base.where,
    environment: plan.environment,
    cluster: plan.cluster,
    service: plan.service,
    from: { label: plan.current.label, arn: plan.current.arn },
    to: { label: plan.target.label, arn: plan.target.arn },
    plan: null,
    outcome: null,
    message: null,
    error: null,
  };
}
