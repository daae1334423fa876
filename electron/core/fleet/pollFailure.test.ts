import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../ipc/consoleError';
import { describePollFailure } from './pollFailure';

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

describe('describePollFailure', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      { code: 'UNAVAILABLE', message: 'Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)' },
    ],
    [
      'a timeout',
      named('TimeoutError', 'Connection timed out after 3000 ms'),
      { code: 'TIMEOUT', message: 'The ECS endpoint http://127.0.0.1:1 did not answer in time' },
    ],
    [
      'something that is not ECS answering',
      named('Unknown', 'UnknownError', { $metadata: { httpStatusCode: 404 } }),
      {
        code: 'UNAVAILABLE',
        message: 'The ECS endpoint http://127.0.0.1:1 answered HTTP 404, which is not an ECS response',
      },
    ],
    [
      'throttling',
      named('ThrottlingException', 'Rate exceeded'),
      { code: 'THROTTLED', message: 'ThrottlingException: Rate exceeded' },
    ],
    [
      'missing credentials',
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      {
        code: 'AUTH',
        message:
          'The ECS endpoint http://127.0.0.1:1: CredentialsProviderError: Could not load credentials from any providers',
      },
    ],
    [
      'a missing cluster',
      named('ClusterNotFoundException', 'Cluster not found.'),
      { code: 'NOT_FOUND', message: 'ClusterNotFoundException: Cluster not found.' },
    ],
    [
      'our own error',
      new ConsoleError('NOT_FOUND', 'No such service.'),
      { code: 'NOT_FOUND', message: 'No such service.' },
    ],
  ])('%s', (_name, error, expected) => {
    expect(describePollFailure('the ECS endpoint http://127.0.0.1:1', error)).toEqual(expected);
  });
});
