import { z } from 'zod';
import {
  metricsSnapshotSchema,
  metricsStreamEventSchema,
  serviceActivitySchema,
} from '../metrics/metricsModel';
import { defineRequest, defineStream } from './channel';
import { metricsForServicesLimit } from '../metrics/metricFigures';

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

/**
 * The metrics of the services a page holds (the services table's window, a detail panel's
 * service), from main's last read, with every environment's status so the page can say how
 * fresh they are. A key main has no metrics for is left out. With `since`, each series holds
 * only the minutes from then on: a page that holds the hour asks for the new minutes only.
 */
export const metricsForServices = defineRequest('metrics.forServices', {
  request: z
    .object({
      keys: z.array(z.string().min(1).max(2048)).max(metricsForServicesLimit),
      since: z.number().int().nonnegative().optional(),
    })
    .strict(),
  response: metricsSnapshotSchema,
});
