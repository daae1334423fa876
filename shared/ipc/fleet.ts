import { z } from 'zod';
import { awsNameSchema } from '../nameSchemas';
import { fleetStreamEventSchema, healthStateSchema, serviceDetailsSchema } from '../fleet/fleetModel';
import { fleetWindowEventSchema } from '../fleet/fleetWindowModel';
import { windowRequestSchema } from '../live/windowedStream';
import { defineRequest, defineStream } from './channel';

/**
 * The services table's window of the live fleet: the rows it shows, the selected service,
 * every cluster's counts (shared/fleet/fleetWindow.ts).
 */
export const fleetWindow = defineStream('fleet.window', {
  params: windowRequestSchema,
  event: fleetWindowEventSchema,
});

/** The whole live fleet, for the views that draw all of it (the topology): a snapshot first, then patches of what changed. */
export const fleetUpdates = defineStream('fleet.updates', {
  params: z.object({}).strict(),
  event: fleetStreamEventSchema,
});

/** Recent events and tasks of one service, for the detail panel. */
export const fleetServiceDetails = defineRequest('fleet.serviceDetails', {
  request: z.object({ clusterName: awsNameSchema, serviceName: awsNameSchema }).strict(),
  response: serviceDetailsSchema,
});

/** Polls every cluster now, and reads CloudWatch's figures and alarms again, instead of waiting for the next interval. */
export const fleetRefresh = defineRequest('fleet.refresh', {
  request: z.object({}).strict(),
  response: z.object({ refreshedAt: z.number() }),
});

export const serviceEntrySchema = z.object({
  key: z.string(),
  environment: z.string(),
  clusterName: z.string(),
  serviceName: z.string(),
  health: healthStateSchema,
});
export type ServiceEntry = z.infer<typeof serviceEntrySchema>;

/**
 * Every service by name, for what picks or finds a service anywhere in the fleet (the
 * palette, the pickers, a link to a service): a few words each, asked for when needed,
 * instead of every page holding the whole fleet.
 */
export const fleetCatalog = defineRequest('fleet.catalog', {
  request: z.object({}).strict(),
  response: z.object({ services: z.array(serviceEntrySchema) }),
});
