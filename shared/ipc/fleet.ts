import { z } from 'zod';
import { awsNameSchema } from '../nameSchemas';
import { fleetStreamEventSchema, serviceDetailsSchema } from '../fleet/fleetModel';
import { defineRequest, defineStream } from './channel';

/** The live fleet: a snapshot first, then patches of what changed. */
export const fleetUpdates = defineStream('fleet.updates', {
  params: z.object({}).strict(),
  event: fleetStreamEventSchema,
});

/** Recent events and tasks of one service, for the detail panel. */
export const fleetServiceDetails = defineRequest('fleet.serviceDetails', {
  request: z.object({ clusterName: awsNameSchema, serviceName: awsNameSchema }).strict(),
  response: serviceDetailsSchema,
});

/** Polls every cluster now, instead of waiting for the next interval. */
export const fleetRefresh = defineRequest('fleet.refresh', {
  request: z.object({}).strict(),
  response: z.object({ refreshedAt: z.number() }),
});
