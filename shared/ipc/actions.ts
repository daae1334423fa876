import { z } from 'zod';
import { awsNameSchema, environmentNameSchema } from '../nameSchemas';
import { actionPlanSchema, actionPolicySchema, actionProgressSchema } from '../actions/actionModel';
import { defineRequest, defineStream } from './channel';

const opaqueId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id as main issued it');

/**
 * Plans a rollback: the target revision, the diff, the method. Reading only — nothing
 * changes until `actions.execute`. `environment` is needed only when two environments
 * have a cluster of the same name.
 */
export const actionsPlanRollback = defineRequest('actions.planRollback', {
  request: z
    .object({
      cluster: awsNameSchema,
      service: awsNameSchema,
      environment: environmentNameSchema.optional(),
      /** A revision of the service's family to roll back to instead of the proposed one. */
      targetRevision: z.number().int().min(1).optional(),
    })
    .strict(),
  response: actionPlanSchema,
});

/** Plans a promotion of the source service's images onto its counterpart (same name unless `toService`). */
export const actionsPlanPromotion = defineRequest('actions.planPromotion', {
  request: z
    .object({
      service: awsNameSchema,
      fromCluster: awsNameSchema,
      toCluster: awsNameSchema,
      toService: awsNameSchema.optional(),
      fromEnvironment: environmentNameSchema.optional(),
      toEnvironment: environmentNameSchema.optional(),
    })
    .strict(),
  response: actionPlanSchema,
});

/**
 * Runs a plan. Main refuses an unknown or expired plan (NOT_FOUND), a plan whose service
 * changed since (CONFLICT: plan again), a production plan whose confirmation is not the
 * service name (VALIDATION), a read-only environment (READ_ONLY) and a service another
 * action holds (CONFLICT), or that the team's operations log says another program holds
 * (TEAM_LOCK_HELD). The answer comes once the audit entry is on disk and ECS has
 * accepted the first call; progress follows on `actions.progress`.
 */
export const actionsExecute = defineRequest('actions.execute', {
  request: z
    .object({
      planId: opaqueId,
      confirmation: z.string().max(300),
      /**
       * Act on production although its operations log cannot be reached, with this process's
       * lock only; said in the audit log. Never overrides a team lock another action holds.
       */
      withoutTeamLock: z.boolean().optional(),
    })
    .strict(),
  response: z.object({ actionId: z.string() }),
  action: true,
});

/** Progress of one action until it ends; the first event is its current state. */
export const actionsProgress = defineStream('actions.progress', {
  params: z.object({ actionId: opaqueId }).strict(),
  event: actionProgressSchema,
});

/** Read-only state, console-wide and per environment, and which services an action holds: for disabling buttons with the reason. */
export const actionsPolicy = defineRequest('actions.policy', {
  request: z.object({}).strict(),
  response: actionPolicySchema,
});
