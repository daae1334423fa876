import { randomUUID } from 'node:crypto';
import type { LiveTailSessionLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { delay } from '../../../shared/delay';
import type { AwsStreamResponse } from '../sandboxHttpServer';
import { encodeEvent, encodeException, eventStreamContentType } from './eventStreamEncoding';
import { maxIngestionDelayMs } from './logEventGenerator';
import { scanEvents } from './logEventQuery';
import { LogsApiError } from './logsApiError';
import { logsResponseHeaders, parseLogsRequest } from './logsJsonProtocol';
import { compileRequestPattern, type LogsContext } from './logsOperations';
import { groupNameOf, startLiveTailRequest } from './logsRequests';
import type { LogGroupRecord } from './logStreamRegistry';

/**
 * StartLiveTail: an HTTP response that stays open and carries event-stream messages — the
 * `initial-response`, a `sessionStart`, then a `sessionUpdate` about once a second with the lines ingested since the
 * last one (at most 500, sampled beyond that, as CloudWatch does) — until the client goes away
 * or the session reaches its maximum duration and ends with SessionTimeoutException.
 */

export interface LiveTailOptions {
  /** Between updates, in wall-clock time; default 1000 ms. */
  updateIntervalMs?: number;
  /** Default three hours, as in CloudWatch Logs. */
  maxDurationMs?: number;
  wallClock?: () => number;
}

const maxResultsPerUpdate = 500;
/** A clock that jumps far (a manual clock advanced by an hour) only shows the latest stretch. */
const maxCatchUpMs = 10 * 60_000;

/** Validates the request and opens the session; a bad request throws LogsApiError before anything is streamed. */
export function startLiveTail(
  context: LogsContext,
  input: unknown,
  signal: AbortSignal,
  options: LiveTailOptions = {},
): AwsStreamResponse {
  const request = parseLogsRequest(startLiveTailRequest, input);
  if (request.logStreamNames !== undefined && request.logStreamNamePrefixes !== undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.',
    );
  }
  if (
    (request.logStreamNames !== undefined || request.logStreamNamePrefixes !== undefined) &&
    request.logGroupIdentifiers.length > 1
  ) {
    throw new LogsApiError(
      'InvalidParameterException',
      'Log stream names and prefixes can be given only with a single log group.',
    );
  }
  const filter = compileRequestPattern(request.logEventFilterPattern);
  const startedAt = context.sync();
  const groups = request.logGroupIdentifiers.map((identifier) => {
    if (!identifier.startsWith('arn:') || identifier.endsWith('*')) {
      throw new LogsApiError(
        'InvalidParameterException',
        `logGroupIdentifiers must be log group ARNs without a trailing * (got ${identifier}).`,
      );
    }
    const group = context.registry.findGroup(groupNameOf(identifier) ?? '');
    if (!group)
      throw new LogsApiError(
        'ResourceNotFoundException',
        `The specified log group does not exist: ${identifier}`,
      );
    return { group, identifier };
  });
  const selected = (group: LogGroupRecord) =>
    context.registry
      .streamsOf(group.name)
      .filter(
        (stream) =>
          (request.logStreamNames === undefined || request.logStreamNames.includes(stream.streamName)) &&
          (request.logStreamNamePrefixes === undefined ||
            request.logStreamNamePrefixes.some((prefix) => stream.streamName.startsWith(prefix))),
      );

  const interval = options.updateIntervalMs ?? 1000;
  const wallClock = options.wallClock ?? Date.now;
  const deadline = wallClock() + (options.maxDurationMs ?? 3 * 60 * 60_000);

  async function* session(): AsyncGenerator<Uint8Array> {
    // An RPC event stream opens with the operation's response members, here none; botocore
    // and the AWS CLI refuse a stream whose first event is anything else.
    yield encodeEvent('initial-response', {});
    yield encodeEvent('sessionStart', {
      requestId: randomUUID(),
      sessionId: randomUUID(),
      logGroupIdentifiers: request.logGroupIdentifiers,
      ...(request.logStreamNames ? { logStreamNames: request.logStreamNames } : {}),
      ...(request.logStreamNamePrefixes ? { logStreamNamePrefixes: request.logStreamNamePrefixes } : {}),
      ...(request.logEventFilterPattern !== undefined
        ? { logEventFilterPattern: request.logEventFilterPattern }
        : {}),
    });
    let shownUntil = startedAt;
    try {
      for (;;) {
        await delay(interval, signal);
        if (signal.aborted) return;
        if (wallClock() >= deadline) {
          yield encodeException(
            'SessionTimeoutException',
            'The Live Tail session reached its maximum duration.',
          );
          return;
        }
        const now = context.sync();
        const results: LiveTailSessionLogEvent[] = [];
        for (const { group, identifier } of groups) {
          const page = scanEvents(context.generator, {
            streams: selected(group),
            from: Math.max(shownUntil - maxIngestionDelayMs, now - maxCatchUpMs),
            to: now,
            direction: 'forward',
            now,
            filter,
            limit: Number.MAX_SAFE_INTEGER,
            budget: Number.MAX_SAFE_INTEGER,
          });
          for (const event of page.events) {
            if (event.ingestionTime <= shownUntil) continue;
            results.push({
              logStreamName: event.stream.streamName,
              logGroupIdentifier: identifier,
              message: event.message,
              timestamp: event.timestamp,
              ingestionTime: event.ingestionTime,
            });
          }
        }
        shownUntil = now;
        const sampled = results.length > maxResultsPerUpdate;
        yield encodeEvent('sessionUpdate', {
          sessionMetadata: { sampled },
          sessionResults: sampled ? sample(results, maxResultsPerUpdate) : results,
        });
      }
    } catch (error) {
      yield encodeException(
        'SessionStreamingException',
        `The sandbox could not continue the session: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  return {
    status: 200,
    headers: logsResponseHeaders(eventStreamContentType),
    body: session(),
  };
}

/** Evenly spread picks, so a sampled update still covers the whole second. */
function sample<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)]!);
}
