import { z } from 'zod';
import { ipcErrorSchema } from '../ipc/result';

/**
 * Service logs as the console sees them: lines from CloudWatch Logs, read from the log group
 * a service's task definition sends its containers' output to (the awslogs driver). Times
 * are epoch milliseconds.
 */

export const logLevelSchema = z.enum(['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'UNKNOWN']);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const logLineSchema = z.object({
  /** Unique within a tail or a search: CloudWatch's event id, or one made from stream, time and text. */
  id: z.string(),
  timestamp: z.number(),
  /** The log stream, `<prefix>/<container>/<taskId>` for ECS tasks. */
  stream: z.string(),
  /** The ECS task that wrote the line, when the stream name says. */
  taskId: z.string().nullable(),
  level: logLevelSchema,
  message: z.string(),
  /** True when the message was cut to the display limit. */
  truncated: z.boolean(),
});
export type LogLine = z.infer<typeof logLineSchema>;

/** Where a service's logs are: from its task definition's awslogs options. */
export const logSourceSchema = z.object({
  logGroup: z.string(),
  region: z.string(),
  /** `awslogs-stream-prefix`; streams are `<prefix>/<container>/<taskId>`. */
  streamPrefix: z.string().nullable(),
  containerName: z.string(),
  taskDefinitionArn: z.string(),
});
export type LogSource = z.infer<typeof logSourceSchema>;

/** StartLiveTail pushes lines as they are ingested; polling asks FilterLogEvents every second or two. */
export const logTailModeSchema = z.enum(['live-tail', 'polling']);
export type LogTailMode = z.infer<typeof logTailModeSchema>;

export const logTailStatusSchema = z.object({
  type: z.literal('status'),
  /** Names the tail for pause/resume. */
  tailId: z.string(),
  state: z.enum(['starting', 'running', 'paused', 'stopped']),
  mode: logTailModeSchema.nullable(),
  source: logSourceSchema.nullable(),
  /** The pattern CloudWatch applies; changing it means starting a new tail. */
  filterPattern: z.string().nullable(),
  /** Why the tail polls instead of using live tail, in words. */
  fallbackReason: z.string().nullable(),
  /** The latest failure; the tail keeps trying unless the state is `stopped`. */
  error: ipcErrorSchema.nullable(),
  /** Lines held while paused, delivered on resume. */
  backlog: z.number().int().nonnegative(),
  /** Lines lost because the backlog was full while paused. */
  droppedWhilePaused: z.number().int().nonnegative(),
});
export type LogTailStatus = z.infer<typeof logTailStatusSchema>;

export const logTailEventSchema = z.discriminatedUnion('type', [
  logTailStatusSchema,
  /** New lines, oldest first, with the running counters. */
  z.object({
    type: z.literal('lines'),
    lines: z.array(logLineSchema),
    linesPerSecond: z.number().nonnegative(),
    received: z.number().int().nonnegative(),
    /** Lines dropped from the bounded buffer because the page fell behind or the backlog was full. */
    dropped: z.number().int().nonnegative(),
    /** Lines of the log group from tasks that are not this service's in this cluster (a group shared by clusters). */
    excluded: z.number().int().nonnegative(),
  }),
]);
export type LogTailEvent = z.infer<typeof logTailEventSchema>;

export const logSearchResultSchema = z.object({
  source: logSourceSchema,
  /** Oldest first. */
  lines: z.array(logLineSchema),
  /** More lines matched than the limit (or the page budget) let through. */
  truncated: z.boolean(),
  excluded: z.number().int().nonnegative(),
});
export type LogSearchResult = z.infer<typeof logSearchResultSchema>;

export const errorRateSchema = z.object({
  source: logSourceSchema,
  from: z.number(),
  to: z.number(),
  bucketMs: z.number().int().positive(),
  /** Oldest first; `start` is the bucket's first millisecond. */
  buckets: z.array(z.object({ start: z.number(), errors: z.number().int().nonnegative() })),
  total: z.number().int().nonnegative(),
  /** The count stopped early (too many matching lines to read); later buckets may be short. */
  truncated: z.boolean(),
});
export type ErrorRate = z.infer<typeof errorRateSchema>;
