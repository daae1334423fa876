import { z } from 'zod';
import { consoleViews } from '../consoleViews';
import { linkTargetSchema } from '../desktop/deepLink';
import { defineStream } from './channel';

/** The console's own commands in the desktop app's menu, carried out by the page as its buttons do. */
export const desktopCommandSchema = z.enum(['refresh', 'copy-topology', 'export-audit']);
export type DesktopCommand = z.infer<typeof desktopCommandSchema>;

const viewIds = consoleViews.map((view) => view.id);

/**
 * What the desktop app tells its page: open a service or group a `flarenet://` link named,
 * show a one-line notice, show a view or carry out a menu command. Only the Electron shell
 * serves this stream; a browser page connected to the console host never subscribes to it.
 */
export const desktopEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), target: linkTargetSchema }),
  z.object({ type: z.literal('notice'), text: z.string().min(1).max(500) }),
  z.object({ type: z.literal('show-view'), view: z.enum(viewIds) }),
  z.object({ type: z.literal('command'), command: desktopCommandSchema }),
]);
export type DesktopEvent = z.infer<typeof desktopEventSchema>;

export const desktopEvents = defineStream('desktop.events', {
  params: z.object({}).strict(),
  event: desktopEventSchema,
});
