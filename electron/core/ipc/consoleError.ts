import type { IpcError, IpcErrorCode } from '../../../shared/ipc/result';

/** An error a handler throws on purpose: its code and message reach the renderer as they are. */
export class ConsoleError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

const awsErrorCodes: Record<string, IpcErrorCode> = {
  ThrottlingException: 'THROTTLED',
  TooManyRequestsException: 'THROTTLED',
  RequestLimitExceeded: 'THROTTLED',
  ClusterNotFoundException: 'NOT_FOUND',
  ServiceNotFoundException: 'NOT_FOUND',
  ServiceNotActiveException: 'CONFLICT',
  ResourceNotFoundException: 'NOT_FOUND',
  InvalidParameterException: 'VALIDATION',
  ClientException: 'VALIDATION',
  AccessDeniedException: 'AUTH',
  // CloudWatch's query-compatible name for the same refusal.
  AccessDenied: 'AUTH',
  UnrecognizedClientException: 'AUTH',
  ExpiredTokenException: 'AUTH',
  ExpiredToken: 'AUTH',
  InvalidSignatureException: 'AUTH',
  CredentialsProviderError: 'AUTH',
  TimeoutError: 'TIMEOUT',
  AbortError: 'CANCELLED',
};

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * Maps anything a handler may throw (our own errors, AWS SDK exceptions, socket errors)
 * to the error value that crosses IPC. Stack traces stay in main.
 */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof ConsoleError) {
    return error.details
      ? { code: error.code, message: error.message, details: error.details }
      : { code: error.code, message: error.message };
  }
  if (error instanceof Error) {
    const name = error.name;
    const code = (error as { code?: unknown }).code;
    if (name in awsErrorCodes) return { code: awsErrorCodes[name]!, message: `${name}: ${error.message}` };
    if (typeof code === 'string' && networkErrorCodes.has(code)) {
      return { code: 'UNAVAILABLE', message: `Cannot reach the endpoint (${code}): ${error.message}` };
    }
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause !== error) {
      const mapped = toIpcError(cause);
      if (mapped.code !== 'INTERNAL') return mapped;
    }
    return { code: 'INTERNAL', message: error.message || name };
  }
  return { code: 'INTERNAL', message: String(error) };
}
