import { z } from 'zod';
import { awsNameSchema } from '../nameSchemas';
import { errorRateSchema, logSearchResultSchema, logTailEventSchema } from '../logs/logModel';
import { defineRequest, defineStream } from './channel';

const filterPattern = z.string().max(1024);
const hourMs = 60 * 60 * 1000;

/**
 * A live tail of one service's logs: status first (mode, log group), then batches of lines.
 * Main uses CloudWatch Logs live tail where it can and polls FilterLogEvents where it cannot;
 * the filter pattern is applied by CloudWatch. A new pattern means a new subscription.
 */
export const logsTail = defineStream('logs.tail', {
  params: z
    .object({
      cluster: awsNameSchema,
      service: awsNameSchema,
      filterPattern: filterPattern.optional(),
      /** Start with the lines of this much time before now. */
      sinceMs: z
        .number()
        .int()
        .min(0)
        .max(24 * hourMs)
        .optional(),
    })
    .strict(),
  event: logTailEventSchema,
});

/** Pauses delivery without losing lines: they are held (up to a bound) and sent on resume. */
export const logsTailSetPaused = defineRequest('logs.tailSetPaused', {
  request: z.object({ tailId: z.string().min(1).max(100), paused: z.boolean() }).strict(),
  response: z.object({ paused: z.boolean() }),
});

/** Lines of one service between two times that match a filter pattern, oldest first. */
export const logsSearch = defineRequest('logs.search', {
  request: z
    .object({
      cluster: awsNameSchema,
      service: awsNameSchema,
      filterPattern: filterPattern.default(''),
      startTime: z.number().int().nonnegative(),
      endTime: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(10_000).default(1000),
    })
    .strict()
    .refine((request) => request.startTime <= request.endTime, {
      message: 'startTime must not be after endTime',
      path: ['endTime'],
    }),
  response: logSearchResultSchema,
});

/** ERROR lines of one service per time bucket over the last `windowMs`, for the incident timeline. */
export const logsErrorRate = defineRequest('logs.errorRate', {
  request: z
    .object({
      cluster: awsNameSchema,
      service: awsNameSchema,
      windowMs: z
        .number()
        .int()
        .min(60_000)
        .max(24 * hourMs),
      bucketMs: z.number().int().min(1000).max(hourMs),
    })
    .strict()
    .refine((request) => request.windowMs / request.bucketMs <= 1440, {
      message: 'at most 1440 buckets',
      path: ['bucketMs'],
    }),
  response: errorRateSchema,
});
