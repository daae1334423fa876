import { z } from 'zod';
import { fleetPatchSchema, fleetSnapshotSchema } from './fleetModel';

/**
 * The contract of the services table's window (shared/live/windowedStream.ts): its event
 * schema and its size. The encoder that fills it, with the view it draws from, is main's
 * (fleetWindow.ts); the page needs only this.
 */

/** Rows the services table asks for around what it shows: a few screens, so scrolling rarely waits. */
export const fleetWindowRows = 240;

const fleetRowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('environment'), id: z.string(), environment: z.string() }),
  z.object({ kind: z.literal('cluster'), id: z.string(), clusterId: z.string(), clusterName: z.string() }),
  z.object({ kind: z.literal('service'), id: z.string() }),
]);

const healthCountsSchema = z.object({
  healthy: z.number().int(),
  deploying: z.number().int(),
  degraded: z.number().int(),
  failed: z.number().int(),
  stale: z.number().int(),
});

const fleetWindowPlacementSchema = z.object({
  offset: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  rows: z.array(fleetRowSchema),
});

const clusterCountsSchema = z.object({ group: z.string(), counts: healthCountsSchema });

export const fleetWindowEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    snapshot: fleetSnapshotSchema,
    window: fleetWindowPlacementSchema,
    counts: z.array(clusterCountsSchema),
  }),
  z.object({
    type: z.literal('delta'),
    delta: fleetPatchSchema,
    window: fleetWindowPlacementSchema.optional(),
    counts: z.array(clusterCountsSchema).optional(),
  }),
]);
export type FleetWindowEvent = z.infer<typeof fleetWindowEventSchema>;
