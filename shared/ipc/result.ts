import { z } from 'zod';

/**
 * Failures cross the process boundary as values, never as serialized exceptions,
 * so the renderer can branch on a code instead of parsing messages.
 */
export const ipcErrorCodeSchema = z.enum([
  'VALIDATION', // the payload did not match the channel's schema
  'UNKNOWN_CHANNEL',
  'FORBIDDEN', // the sender is not the app's own frame, or the token is wrong
  'READ_ONLY', // an action was refused because this console (or environment) is read-only
  'NOT_FOUND',
  'CONFLICT', // e.g. another action already holds the service
  'TEAM_LOCK_HELD', // another console, host or CLI of the team holds the service's lock on the operations log
  'THROTTLED',
  'UNAVAILABLE', // an endpoint could not be reached
  'AUTH', // missing or expired credentials
  'KAFKA_ACCESS_DENIED', // a Kafka broker's ACLs deny a request (GROUP_/CLUSTER_/TOPIC_AUTHORIZATION_FAILED)
  'KAFKA_API_UNSUPPORTED', // a Kafka broker (or a proxy in front of it) does not implement a request
  'TIMEOUT',
  'CANCELLED',
  'BAD_RESPONSE', // main answered with something the contract does not allow
  'INTERNAL',
]);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

export const ipcErrorSchema = z.object({
  code: ipcErrorCodeSchema,
  message: z.string(),
  /** Field-level problems for VALIDATION errors: `path: message` lines. */
  details: z.array(z.string()).optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: IpcErrorCode, message: string, details?: string[]): Result<T> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

export const resultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ipcErrorSchema }),
]);

/** Turns zod issues into short `path: message` lines that a person can read. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(payload)';
    return `${path}: ${issue.message}`;
  });
}
