import { z } from 'zod';
import { overviewSchema } from '../overview/overviewModel';
import { defineStream } from './channel';

/**
 * The Overview, whole: as it is now, then again each time it changes. It is a bounded number
 * of rows whatever the fleet's size, so a change sends it all; nothing is sent while nothing changed.
 */
export const overviewUpdates = defineStream('overview.updates', {
  params: z.object({}).strict(),
  event: overviewSchema,
});
