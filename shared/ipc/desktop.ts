import { z } from 'zod';
import { linkTargetSchema } from '../desktop/deepLink';
import { defineStream } from './channel';

/**
 * What the desktop app tells its page: open a service or group a `flarenet://` link named,
 * or show a one-line notice. Only the Electron shell serves this stream; a browser page
 * connected to the console host never subscribes to it.
 */
export const desktopEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), target: linkTargetSchema }),
  z.object({ type: z.literal('notice'), text: z.string().min(1).max(500) }),
]);
export type DesktopEvent = z.infer<typeof desktopEventSchema>;

export const desktopEvents = defineStream('desktop.events', {
  params: z.object({}).strict(),
  event: desktopEventSchema,
});
