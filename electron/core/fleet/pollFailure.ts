import { capitalise } from '../../../shared/capitalise';
import type { IpcError } from '../../../shared/ipc/result';
import { toIpcError } from '../ipc/consoleError';

/**
 * A failed poll as the console states it: where the monitor could not get to, in words,
 * rather than the socket's or the SDK's own phrasing.
 */
export function describePollFailure(
  targetDescription: string,
  error: unknown,
  /** The service that should have answered, as the message names it. */
  serviceName = 'ECS',
): IpcError {
  const ipcError = toIpcError(error);
  const where = capitalise(targetDescription);
  if (ipcError.code === 'UNAVAILABLE') {
    const errno = /\((E[A-Z_]+)\)/.exec(ipcError.message)?.[1];
    return { code: 'UNAVAILABLE', message: `Cannot reach ${targetDescription}${errno ? ` (${errno})` : ''}` };
  }
  if (ipcError.code === 'AUTH') {
    return { code: 'AUTH', message: `${where}: ${ipcError.message}` };
  }
  if (ipcError.code === 'TIMEOUT') {
    return { code: 'TIMEOUT', message: `${where} did not answer in time` };
  }
  // Something answered, but not as the service does (a proxy, a web server on the wrong port).
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (ipcError.code === 'INTERNAL' && status !== undefined && (error as Error).name === 'Unknown') {
    return {
      code: 'UNAVAILABLE',
      message: `${where} answered HTTP ${status}, which is not an ${serviceName} response`,
    };
  }
  return ipcError;
}
