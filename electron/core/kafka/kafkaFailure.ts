import { capitalise } from '../../../shared/capitalise';
import type { IpcError } from '../../../shared/ipc/result';
import { ConsoleError, toIpcError } from '../ipc/consoleError';

/**
 * A Kafka failure as the console states it: where it could not get to and why, in words,
 * rather than kafkajs' own phrasing ("Connection error: connect ECONNREFUSED 127.0.0.1:1"
 * wrapped in three layers of retries).
 */
export function describeKafkaFailure(where: string, error: unknown): IpcError {
  if (error instanceof ConsoleError) return toIpcError(error);
  const chain = causeChain(error);
  const capitalised = capitalise(where);

  const errno = chain
    .map((e) => (e as { code?: unknown }).code)
    .find((code): code is string => typeof code === 'string' && /^E[A-Z_]+$/.test(code));
  const connectionFailure = chain.find(
    (e) => e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSBrokerNotFound',
  );
  if (errno === 'ETIMEDOUT' || chain.some((e) => e.name === 'KafkaJSRequestTimeoutError')) {
    return { code: 'TIMEOUT', message: `${capitalised} did not answer in time` };
  }
  if (errno || connectionFailure) {
    const detail = errno ?? /connection timeout/i.exec(connectionFailure?.message ?? '')?.[0] ?? null;
    return { code: 'UNAVAILABLE', message: `Cannot reach ${where}${detail ? ` (${detail})` : ''}` };
  }
  const sasl = chain.find((e) => e.name === 'KafkaJSSASLAuthenticationError');
  if (sasl)
    return { code: 'AUTH', message: `${capitalised} refused the console's credentials: ${sasl.message}` };
  const protocol = chain.find((e): e is Error & { type?: string } => e.name === 'KafkaJSProtocolError');
  if (protocol?.type && /AUTHORIZATION_FAILED$/.test(protocol.type)) {
    return {
      code: 'AUTH',
      message: `${capitalised} does not allow the console to do that (${protocol.type})`,
    };
  }
  if (protocol?.type)
    return { code: 'BAD_RESPONSE', message: `${capitalised} answered ${protocol.type}: ${protocol.message}` };
  const innermost = chain.at(-1);
  return { code: 'INTERNAL', message: `${capitalised}: ${innermost?.message || String(error)}` };
}

/** The error and what it wraps (kafkajs keeps the cause in `cause` and `originalError`). */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && !chain.includes(current) && chain.length < 10) {
    chain.push(current);
    const next = (current as { cause?: unknown; originalError?: unknown }).originalError ?? current.cause;
    current = next;
  }
  return chain;
}
