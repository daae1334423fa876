import { ConsoleRequestError } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/result';

/** An error as one readable line, with the contract's code when main sent one. */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleRequestError) return describeIpcError(error.error);
  if (error instanceof Error) return error.message;
  return String(error);
}

export function describeIpcError(error: IpcError): string {
  return `${error.message} (${error.code})`;
}

/** Field-level details of a VALIDATION error, one per line. */
export function errorDetails(error: unknown): readonly string[] {
  return error instanceof ConsoleRequestError ? (error.details ?? []) : [];
}
