import { z } from 'zod';
import { ipcErrorSchema, resultSchema } from './result';

/**
 * Messages of the console protocol, shared by every transport that frames its own
 * messages (WebSocket, the in-memory pair). Electron IPC carries the same fields
 * on its own channels.
 */
/** The console host's token check: 204 for the token it accepts (as `Authorization: Bearer`), 401 otherwise. */
export const hostSessionPath = '/session';

const idSchema = z.number().int().nonnegative();
const channelNameSchema = z.string().min(1).max(200);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: idSchema, channel: channelNameSchema, payload: z.unknown() }),
  z.object({ type: z.literal('cancel'), id: idSchema }),
  z.object({ type: z.literal('subscribe'), id: idSchema, channel: channelNameSchema, params: z.unknown() }),
  z.object({ type: z.literal('unsubscribe'), id: idSchema }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: idSchema, result: resultSchema }),
  z.object({ type: z.literal('event'), id: idSchema, event: z.unknown() }),
  /** A stream ended on the server side; no more events follow for this id. */
  z.object({ type: z.literal('stream-end'), id: idSchema, error: ipcErrorSchema.optional() }),
  /** A message that could not be understood at all (not JSON, no id). */
  z.object({ type: z.literal('protocol-error'), error: ipcErrorSchema }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
