import { z } from 'zod';
import { metricsStreamEventSchema, serviceActivitySchema } from '../metrics/metricsModel';
import { defineRequest, defineStream } from './channel';

/** The fleet's metrics, alarms and scaling activities: a snapshot first, then patches of what changed. */
export const metricsUpdates = defineStream('metrics.updates', {
  params: z.object({}).strict(),
  event: metricsStreamEventSchema,
});

/** The alarm state changes and scaling activities of one service over the last day, for its detail panel. */
export const metricsServiceActivity = defineRequest('metrics.serviceActivity', {
  request: z.object({ serviceKey: z.string().min(1).max(2048) }).strict(),
  response: serviceActivitySchema,
});
