import { z } from 'zod';
import { fleetEventSchema, serviceDetailsSchema } from '../fleet/fleetModel';
import { defineRequest, defineStream } from './channel';

const awsName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_\-:/.]+$/, 'letters, digits, - _ : / . only');

/** The live fleet: a snapshot first, then deltas. */
export const fleetUpdates = defineStream('fleet.updates', {
  params: z.object({}).strict(),
  event: fleetEventSchema,
});

/** Recent events and tasks of one service, for the detail panel. */
export const fleetServiceDetails = defineRequest('fleet.serviceDetails', {
  request: z.object({ clusterName: awsName, serviceName: awsName }).strict(),
  response: serviceDetailsSchema,
});

/** Polls every cluster now, instead of waiting for the next interval. */
export const fleetRefresh = defineRequest('fleet.refresh', {
  request: z.object({}).strict(),
  response: z.object({ refreshedAt: z.number() }),
});
