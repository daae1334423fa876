import { capitalise } from '../../../shared/capitalise';
import type { IpcError } from '../../../shared/ipc/result';
import { ConsoleError, toIpcError } from '../ipc/consoleError';

/**
 * A Kafka failure as the console states it: where it could not get to and why, in words,
 * rather than kafkajs' own phrasing ("Connection error: connect ECONNREFUSED 127.0.0.1:1"
 * wrapped in three layers of retries). A request the broker refuses names the request: an
 * ACL that denies DescribeGroups or a proxy without ListGroups is something to ask the
 * Kafka team about, and they need to know which one.
 */

/** A Kafka request that failed, named as Kafka names it (kafkajs' protocol errors do not say which). */
export class KafkaRequestFailure extends Error {
  override name = 'KafkaRequestFailure';

  constructor(
    readonly api: string,
    cause: unknown,
  ) {
    super(`${api} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs one Kafka request, naming it in its failure. */
export async function kafkaRequest<T>(api: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof KafkaRequestFailure) throw error;
    throw new KafkaRequestFailure(api, error);
  }
}

/** A broker that will not answer a request at all: denied by its ACLs, or not implemented. */
export function isRefusal(error: IpcError): boolean {
  return error.code === 'KAFKA_ACCESS_DENIED' || error.code === 'KAFKA_API_UNSUPPORTED';
}

export function describeKafkaFailure(where: string, error: unknown): IpcError {
  if (error instanceof ConsoleError) return toIpcError(error);
  const chain = causeChain(error);
  const capitalised = capitalise(where);
  const request = chain.find((e): e is KafkaRequestFailure => e instanceof KafkaRequestFailure);

  const errno = chain
    .map((e) => (e as { code?: unknown }).code)
    .find((code): code is string => typeof code === 'string' && /^E[A-Z_]+$/.test(code));
  const connectionFailure = chain.find(
    (e) => e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSBrokerNotFound',
  );
  if (errno === 'ETIMEDOUT' || chain.some((e) => e.name === 'KafkaJSRequestTimeoutError')) {
    return { code: 'TIMEOUT', message: `${capitalised} did not answer in time` };
  }
  const unsupported = chain.find(
    (e): e is Error & { apiName?: string; apiKey?: number } => e.name === 'KafkaJSServerDoesNotSupportApiKey',
  );
  if (unsupported) {
    const api = unsupported.apiName ?? request?.api ?? 'a request the console needs';
    const key = typeof unsupported.apiKey === 'number' ? ` (API key ${unsupported.apiKey})` : '';
    return { code: 'KAFKA_API_UNSUPPORTED', message: `${capitalised} does not support ${api}${key}` };
  }
  if (errno || connectionFailure) {
    const detail = errno ?? /connection timeout/i.exec(connectionFailure?.message ?? '')?.[0] ?? null;
    return { code: 'UNAVAILABLE', message: `Cannot reach ${where}${detail ? ` (${detail})` : ''}` };
  }
  const sasl = chain.find((e) => e.name === 'KafkaJSSASLAuthenticationError');
  if (sasl)
    return { code: 'AUTH', message: `${capitalised} refused the console's credentials: ${sasl.message}` };
  const protocol = chain.find((e): e is Error & { type?: string } => e.name === 'KafkaJSProtocolError');
  const api = request?.api ?? null;
  if (protocol?.type && /AUTHORIZATION_FAILED$/.test(protocol.type)) {
    return {
      code: 'KAFKA_ACCESS_DENIED',
      message: `${capitalised} denied ${api ?? 'a request'} to the console (${protocol.type})`,
    };
  }
  if (protocol?.type === 'UNSUPPORTED_VERSION') {
    return {
      code: 'KAFKA_API_UNSUPPORTED',
      message: `${capitalised} does not support ${api ?? 'a request the console needs'} in any version the console speaks`,
    };
  }
  if (protocol?.type)
    return {
      code: 'BAD_RESPONSE',
      message: `${capitalised} answered ${api ? `${api} with ` : ''}${protocol.type}: ${protocol.message}`,
    };
  const innermost = chain.at(-1);
  return {
    code: 'INTERNAL',
    message: `${capitalised}${api ? ` (${api})` : ''}: ${innermost?.message || String(error)}`,
  };
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
