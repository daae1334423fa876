import { z } from 'zod';
import { consoleViews } from '../consoleViews';
import { linkTargetSchema } from '../desktop/deepLink';
import { defineRequest, defineStream } from './channel';

/** The console's own commands in the desktop app's menu, carried out by the page as its buttons do. */
export const desktopCommandSchema = z.enum(['refresh', 'copy-topology', 'export-audit']);
export type DesktopCommand = z.infer<typeof desktopCommandSchema>;

const viewIds = consoleViews.map((view) => view.id);

/**
 * What the desktop app tells its page: open a service or group a `flarenet://` link named,
 * show a one-line notice, show a view, carry out a menu command, or offer an update that is
 * downloaded and installs on restart. Only the Electron shell serves this stream; a browser
 * page connected to the console host never subscribes to it.
 */
export const desktopEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), target: linkTargetSchema }),
  z.object({ type: z.literal('notice'), text: z.string().min(1).max(500) }),
  z.object({ type: z.literal('show-view'), view: z.enum(viewIds) }),
  z.object({ type: z.literal('command'), command: desktopCommandSchema }),
  z.object({ type: z.literal('update-ready'), version: z.string().min(1).max(100) }),
]);
export type DesktopEvent = z.infer<typeof desktopEventSchema>;

export const desktopEvents = defineStream('desktop.events', {
  params: z.object({}).strict(),
  event: desktopEventSchema,
});

/**
 * Quits and installs the update the desktop app has downloaded, then starts it again. Refused
 * (CONFLICT, with the reason) while a rollback or promotion is under way, or when no update
 * is ready. Not an action: it changes nothing outside this app, so a read-only console may.
 */
export const restartToUpdate = defineRequest('desktop.restartToUpdate', {
  request: z.object({}).strict(),
  response: z.object({}).strict(),
});

/**
 * The theme the page's picker chose, for the desktop app's own parts that the page's styles
 * do not reach: menus, dialogs, scrollbars, the title bar (Electron's nativeTheme).
 */
export const setThemeSource = defineRequest('desktop.setThemeSource', {
  request: z.object({ source: z.enum(['system', 'light', 'dark']) }).strict(),
  response: z.object({}).strict(),
});
