import { z } from 'zod';
import { awsNameSchema } from '../nameSchemas';
import { timelineEventSchema } from '../timeline/timelineModel';
import { defineStream } from './channel';

/**
 * The incident timeline: what main has recorded (a snapshot, oldest first), then each new
 * entry as it is recorded. `service` (and `environment`) narrow it to one service, as the
 * service detail panel's "recent changes" shows it; without them, everything.
 */
export const timelineUpdates = defineStream('timeline.updates', {
  params: z
    .object({
      service: awsNameSchema.optional(),
      environment: z.string().min(1).max(100).optional(),
    })
    .strict(),
  event: timelineEventSchema,
});
