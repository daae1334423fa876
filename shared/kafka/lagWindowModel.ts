import { z } from 'zod';
import { lagPatchSchema, lagSnapshotSchema } from './kafkaModel';
import { defaultLagSort, lagSortKeys, type LagSort } from './lagSort';

/**
 * The contract of the lag table's window (shared/live/windowedStream.ts): its event schema,
 * its size and how its sort travels. The encoder that fills it, with the view it draws from,
 * is main's (lagWindow.ts); the page needs only this.
 */

/** Rows the lag table asks for around what it shows. */
export const lagWindowRows = 240;

const lagRowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cluster'), id: z.string(), clusterName: z.string() }),
  z.object({ kind: z.literal('group'), id: z.string() }),
]);

const severityCountsSchema = z.object({
  ok: z.number().int(),
  unknown: z.number().int(),
  warn: z.number().int(),
  error: z.number().int(),
});

const lagWindowPlacementSchema = z.object({
  offset: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  rows: z.array(lagRowSchema),
});

const clusterCountsSchema = z.object({ group: z.string(), counts: severityCountsSchema });

export const lagWindowEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    snapshot: lagSnapshotSchema,
    window: lagWindowPlacementSchema,
    counts: z.array(clusterCountsSchema),
  }),
  z.object({
    type: z.literal('delta'),
    delta: lagPatchSchema,
    window: lagWindowPlacementSchema.optional(),
    counts: z.array(clusterCountsSchema).optional(),
  }),
]);
export type LagWindowEvent = z.infer<typeof lagWindowEventSchema>;

/** A sort as the request carries it: "lag:desc". */
export function lagSortText(sort: LagSort): string {
  return `${sort.key}:${sort.descending ? 'desc' : 'asc'}`;
}

/** The request's sort, or the table's usual one for text that names none. */
export function lagSortOf(text: string | undefined): LagSort {
  const [key, direction] = (text ?? '').split(':');
  const known = lagSortKeys.find((candidate) => candidate === key);
  if (!known || (direction !== 'asc' && direction !== 'desc')) return defaultLagSort;
  return { key: known, descending: direction === 'desc' };
}
