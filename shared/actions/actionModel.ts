import { z } from 'zod';
import { serviceEventSchema } from '../fleet/fleetModel';
import { ipcErrorSchema } from '../ipc/result';

/**
 * Actions that change production — rollback and promotion — as the console plans, shows,
 * runs and records them. Times are epoch milliseconds. A plan is shown before anything
 * changes; main keeps the parts it needs to run it and hands out only what a person reads.
 */

export const actionKindSchema = z.enum(['rollback', 'promotion']);
export type ActionKind = z.infer<typeof actionKindSchema>;

export const containerImageSchema = z.object({
  container: z.string(),
  image: z.string(),
  /** The tag (or a short digest when pinned by digest only), as the fleet view shows it. */
  tag: z.string().nullable(),
  /** `sha256:…` when the image is pinned by digest. */
  digest: z.string().nullable(),
});
export type ContainerImage = z.infer<typeof containerImageSchema>;

export const taskDefinitionRefSchema = z.object({
  /** Null for a revision that the action will register. */
  arn: z.string().nullable(),
  family: z.string(),
  revision: z.number().int().nullable(),
  /** `family:revision`, or `family:(new)` before registration. */
  label: z.string(),
  images: z.array(containerImageSchema),
  registeredAt: z.number().nullable(),
});
export type TaskDefinitionRef = z.infer<typeof taskDefinitionRefSchema>;

export const diffSectionSchema = z.enum([
  'container',
  'image',
  'env',
  'secret',
  'cpu',
  'memory',
  'command',
  'entryPoint',
  'ports',
  'role',
  'healthCheck',
]);
export type DiffSection = z.infer<typeof diffSectionSchema>;

/** One difference between the running and the target task definition; null means absent on that side. */
export const diffRowSchema = z.object({
  section: diffSectionSchema,
  /** The container it belongs to; null for task-level settings (task CPU, roles). */
  container: z.string().nullable(),
  name: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The values were replaced with a mask because they look like secrets. */
  masked: z.boolean(),
});
export type DiffRow = z.infer<typeof diffRowSchema>;

/** What the console knows happened when a revision was last deployed to this service. */
export const revisionOutcomeSchema = z.enum([
  'completed',
  'failed',
  'rolled-back',
  'stopped',
  'in-progress',
  'unknown',
]);
export type RevisionOutcome = z.infer<typeof revisionOutcomeSchema>;

/** A revision the user may pick instead of the proposed target. */
export const revisionChoiceSchema = z.object({
  arn: z.string(),
  family: z.string(),
  revision: z.number().int(),
  label: z.string(),
  imageTags: z.array(z.string()),
  /** ACTIVE or INACTIVE, as ECS reports it; only ACTIVE revisions can be deployed. */
  status: z.string(),
  outcome: revisionOutcomeSchema,
  /** In words: when and how it was last deployed, or why it counts as failed. */
  outcomeDetail: z.string().nullable(),
  registeredAt: z.number().nullable(),
  isProposed: z.boolean(),
  selectable: z.boolean(),
});
export type RevisionChoice = z.infer<typeof revisionChoiceSchema>;

export const actionMethodSchema = z.discriminatedUnion('kind', [
  /** StopServiceDeployment with ROLLBACK: ECS returns to the deployment that last completed. */
  z.object({ kind: z.literal('stop-deployment'), serviceDeploymentArn: z.string(), summary: z.string() }),
  z.object({ kind: z.literal('update-service'), summary: z.string() }),
  /** Promotion: RegisterTaskDefinition, then UpdateService to the new revision. */
  z.object({ kind: z.literal('register-and-update'), summary: z.string() }),
]);
export type ActionMethod = z.infer<typeof actionMethodSchema>;

export const auditKindSchema = z.enum(['rollback', 'promotion', 'sandbox-scenario']);
export const auditOutcomeSchema = z.enum(['succeeded', 'failed', 'timed-out', 'not-started', 'unknown']);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/** An earlier action on a service that did not finish in the process that started it. */
export const unfinishedActionSchema = z.object({
  actionId: z.string(),
  kind: auditKindSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  startedAt: z.number(),
  by: z.string(),
  /** How it was settled from what ECS showed; null while its rollout is still under way. */
  outcome: auditOutcomeSchema.nullable(),
  /** The whole notice in words, as the plan shows it. */
  notice: z.string(),
});
export type UnfinishedAction = z.infer<typeof unfinishedActionSchema>;

/** One figure of a service before and since its current revision was deployed; null where CloudWatch had no data. */
export const metricChangeSchema = z.object({
  metric: z.enum(['5xx-rate', 'p99-latency', 'cpu', 'memory']),
  /** Fractions for the 5XX rate, seconds for latency, percent for CPU and memory. */
  before: z.number().nullable(),
  after: z.number().nullable(),
  /** In words: `5XX rate 0.2 % → 14 %`, or `not enough data` on the side without data. */
  text: z.string(),
});
export type MetricChange = z.infer<typeof metricChangeSchema>;

/**
 * What the metrics and alarms say about the revision a rollback would leave: the evidence
 * for the decision, in the plan and in the audit entry of the action.
 */
export const deploymentEvidenceSchema = z.object({
  /** The revision the service runs, `family:revision`. */
  revision: z.string(),
  /** When its deployment was created; null when ECS does not say. */
  deployedAt: z.number().nullable(),
  /** The window before the deployment the figures are compared with. */
  beforeFrom: z.number().nullable(),
  /** The end of the window since the deployment (when the evidence was read). */
  readAt: z.number(),
  changes: z.array(metricChangeSchema),
  /** The service's alarms in ALARM when the evidence was read; null when they could not be read. */
  alarmsInAlarm: z.array(z.string()).nullable(),
  /** What could not be read, and why. */
  notes: z.array(z.string()),
  /** `since payment-service:4 was deployed, 5XX rate 0.2 % → 14 %, …, alarm payment-5xx in ALARM`. */
  summary: z.string(),
});
export type DeploymentEvidence = z.infer<typeof deploymentEvidenceSchema>;

const planBase = {
  id: z.string(),
  createdAt: z.number(),
  /** After this, main refuses to run the plan and asks for a new one. */
  expiresAt: z.number(),
  environment: z.string(),
  cluster: z.string(),
  service: z.string(),
  current: taskDefinitionRefSchema,
  target: taskDefinitionRefSchema,
  method: actionMethodSchema,
  diff: z.array(diffRowSchema),
  warnings: z.array(z.string()),
  /** Production: the user types the service name; main checks it again. */
  requiresTypedConfirmation: z.boolean(),
  /** What to type when typed confirmation is required. */
  confirmationText: z.string().nullable(),
  /** Why executing would be refused right now (read-only, another action holds the service); null when it would run. */
  blockedReason: z.string().nullable(),
  desiredCount: z.number().int(),
  runningCount: z.number().int(),
  deploymentInProgress: z.boolean(),
  /**
   * Earlier actions on this service, in this fleet, that did not finish in the process that
   * started them (it stopped or was killed): what they were, how they were settled and what
   * ECS shows now. Shown before everything else in the plan.
   */
  unfinishedActions: z.array(unfinishedActionSchema),
};

export const rollbackPlanSchema = z.object({
  kind: z.literal('rollback'),
  ...planBase,
  /** Why this target, in words. */
  targetReason: z.string(),
  alternatives: z.array(revisionChoiceSchema),
  /**
   * Where the deployment history came from: ECS's service deployments and revisions, or
   * what the console could see without them (current deployments, stopped tasks, its own watch).
   */
  historySource: z.enum(['service-deployments', 'console-observations']),
  /** The metrics and alarms of the current revision since it was deployed. */
  evidence: deploymentEvidenceSchema,
});
export type RollbackPlan = z.infer<typeof rollbackPlanSchema>;

export const promotionPlanSchema = z.object({
  kind: z.literal('promotion'),
  ...planBase,
  source: z.object({
    environment: z.string(),
    cluster: z.string(),
    service: z.string(),
    taskDefinition: taskDefinitionRefSchema,
    /** Whether every promoted image is pinned by the digest staging's tasks run. */
    pinnedByDigest: z.boolean(),
  }),
});
export type PromotionPlan = z.infer<typeof promotionPlanSchema>;

export const actionPlanSchema = z.discriminatedUnion('kind', [rollbackPlanSchema, promotionPlanSchema]);
export type ActionPlan = z.infer<typeof actionPlanSchema>;

export const actionPhaseSchema = z.enum([
  'planned',
  'started',
  'in-progress',
  'succeeded',
  'failed',
  'timed-out',
]);
export type ActionPhase = z.infer<typeof actionPhaseSchema>;

export const finalPhases: ReadonlySet<ActionPhase> = new Set(['succeeded', 'failed', 'timed-out']);

export const progressDeploymentSchema = z.object({
  id: z.string(),
  /** PRIMARY or ACTIVE. */
  status: z.string(),
  taskDefinitionArn: z.string(),
  label: z.string(),
  rolloutState: z.string().nullable(),
  rolloutStateReason: z.string().nullable(),
  desiredCount: z.number().int(),
  runningCount: z.number().int(),
  pendingCount: z.number().int(),
  failedTasks: z.number().int(),
  /** Runs the action's target revision. */
  isTarget: z.boolean(),
});
export type ProgressDeployment = z.infer<typeof progressDeploymentSchema>;

/** The state of one running action; each event is complete, so a late subscriber needs only the latest. */
export const actionProgressSchema = z.object({
  actionId: z.string(),
  planId: z.string(),
  kind: actionKindSchema,
  environment: z.string(),
  cluster: z.string(),
  service: z.string(),
  from: z.string(),
  to: z.string(),
  phase: actionPhaseSchema,
  at: z.number(),
  startedAt: z.number(),
  elapsedMs: z.number(),
  timeoutMs: z.number(),
  message: z.string(),
  deployments: z.array(progressDeploymentSchema),
  /** Service events that arrived since the previous progress event. */
  newEvents: z.array(serviceEventSchema),
  error: ipcErrorSchema.nullable(),
});
export type ActionProgress = z.infer<typeof actionProgressSchema>;

export const auditEntryTypeSchema = z.enum(['start', 'step', 'end', 'reconciliation']);

export const auditActorSchema = z.object({
  /** The caller's ARN from STS, or `sandbox`. */
  identity: z.string(),
  account: z.string().nullable(),
  source: z.enum(['sts', 'sandbox', 'unavailable']),
  /** Why the identity could not be established, when it could not. */
  detail: z.string().nullable(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditRevisionSchema = z.object({ label: z.string(), arn: z.string().nullable() });

export const auditPlanSchema = z.object({
  planId: z.string(),
  method: z.enum(['stop-deployment', 'update-service', 'register-and-update']),
  methodSummary: z.string(),
  serviceDeploymentArn: z.string().nullable(),
  diff: z.array(diffRowSchema),
  warnings: z.array(z.string()),
  confirmation: z.enum(['typed', 'click']),
  /** For promotions: the images the new revision takes, so a restart can tell whether it was registered. */
  targetImages: z.array(containerImageSchema),
  timeoutMs: z.number(),
  /** A rollback's evidence as the plan showed it; lines written before it was recorded have none. */
  evidence: deploymentEvidenceSchema.nullable().default(null),
});
export type AuditPlan = z.infer<typeof auditPlanSchema>;

/**
 * Where an action acted, so that one fleet's records never stand for another's: the same
 * cluster name (and, between sandboxes, the same ARN) can belong to different fleets.
 */
export const auditWhereSchema = z.object({
  /**
   * `aws`: AWS itself; `endpoint`: an ECS-compatible endpoint named by a config or a flag (a
   * stand-alone sandbox, an emulator); `sandbox`: the sandbox started inside the process.
   */
  source: z.enum(['aws', 'endpoint', 'sandbox']),
  /** From the cluster ARN, else the caller identity; null when neither told. */
  account: z.string().nullable(),
  region: z.string(),
  /** The cluster as ECS names it; null for a sandbox scenario, which names no cluster ARN. */
  clusterArn: z.string().nullable(),
  /** The endpoint URL for `endpoint` and `sandbox`, which tells sandboxes with the same ARNs apart; null for AWS. */
  endpoint: z.string().nullable(),
});
export type AuditWhere = z.infer<typeof auditWhereSchema>;

/**
 * One line of the audit log. An action writes `start` before its first API call and `end`
 * when it is over; `step` records what a restart needs to know (the revision a promotion
 * registered); `reconciliation` settles, after a restart, an action whose end was never written.
 */
export const auditEntrySchema = z.object({
  v: z.literal(1),
  id: z.string(),
  actionId: z.string(),
  type: auditEntryTypeSchema,
  at: z.number(),
  kind: auditKindSchema,
  actor: auditActorSchema,
  /** Lines written before entries said where they acted have none: their source is unknown. */
  where: auditWhereSchema.nullable().default(null),
  /** The environment's name in the config of the process that wrote the line; a label, not an identity. */
  environment: z.string(),
  cluster: z.string().nullable(),
  service: z.string().nullable(),
  from: auditRevisionSchema.nullable(),
  to: auditRevisionSchema.nullable(),
  plan: auditPlanSchema.nullable(),
  outcome: auditOutcomeSchema.nullable(),
  message: z.string().nullable(),
  error: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditRecordSchema = z.object({
  /** 1-based line number in the log; stable because the log is only appended to. */
  line: z.number().int(),
  entry: auditEntrySchema,
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const lockHolderSchema = z.object({
  actionId: z.string(),
  kind: z.union([actionKindSchema, z.literal('reconciliation')]),
  environment: z.string(),
  cluster: z.string(),
  service: z.string(),
  startedAt: z.number(),
  /** Who started it, as the audit log records it. */
  by: z.string(),
  /** In words, for a refusal or a disabled button. */
  description: z.string(),
});
export type LockHolder = z.infer<typeof lockHolderSchema>;

export const actionPolicySchema = z.object({
  readOnly: z.boolean(),
  readOnlyReason: z.string().nullable(),
  environments: z.array(
    z.object({
      name: z.string(),
      clusters: z.array(z.string()),
      readOnly: z.boolean(),
      reason: z.string().nullable(),
      /** Actions on this environment ask for the service name to be typed. */
      production: z.boolean(),
      /**
       * Whether actions here take the team-wide lock on an operations log or only this
       * console's own, in words; absent from a console that predates team locks.
       */
      lockScope: z.string().optional(),
    }),
  ),
  locks: z.array(lockHolderSchema),
});
export type ActionPolicyState = z.infer<typeof actionPolicySchema>;
