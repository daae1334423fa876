import type {
  DescribeLogGroupsResponse,
  DescribeLogStreamsResponse,
  FilterLogEventsResponse,
  GetLogEventsResponse,
  LogGroup,
  LogStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { compileFilterPattern, FilterPatternError, type LogEventFilter } from './filterPattern';
import { eventIdBounds, type GeneratedLogEvent, type LogEventGenerator, windowOf } from './logEventGenerator';
import { isEventId, scanEvents } from './logEventQuery';
import { LogsApiError } from './logsApiError';
import { type LogsOperation, parseLogsRequest } from './logsJsonProtocol';
import {
  checkTimeRange,
  decodeToken,
  describeLogGroupsRequest,
  describeLogStreamsRequest,
  encodeToken,
  filterLogEventsRequest,
  getLogEventsRequest,
  groupNameOf,
  requireLogGroup,
} from './logsRequests';
import { type LogStreamFacts, type LogStreamRegistry, logGroupRetentionDays } from './logStreamRegistry';

/** DescribeLogGroups, DescribeLogStreams, FilterLogEvents and GetLogEvents over the generated streams. */

export interface LogsContext {
  registry: LogStreamRegistry;
  generator: LogEventGenerator;
  /** Moves the simulation to the clock's time, brings the streams up to date and returns that time. */
  sync(): number;
}

const pageToken = z.object({ list: z.string(), offset: z.number().int().nonnegative() });
const filterToken = z.object({
  group: z.string(),
  direction: z.enum(['forward', 'backward']),
  cursor: z.string(),
});
const pageSize = 50;
const defaultEventLimit = 10_000;
/** Bytes a line takes in storage, for a group's storedBytes. */
const bytesPerLine = 240;

export function logsOperations(context: LogsContext): ReadonlyMap<string, LogsOperation> {
  return new Map<string, LogsOperation>([
    ['DescribeLogGroups', (input) => describeLogGroups(context, input)],
    ['DescribeLogStreams', (input) => describeLogStreams(context, input)],
    ['FilterLogEvents', (input) => filterLogEvents(context, input)],
    ['GetLogEvents', (input) => getLogEvents(context, input)],
  ]);
}

function describeLogGroups(context: LogsContext, input: unknown): DescribeLogGroupsResponse {
  const request = parseLogsRequest(describeLogGroupsRequest, input);
  if (request.logGroupNamePrefix !== undefined && request.logGroupNamePattern !== undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    );
  }
  const now = context.sync();
  const names = request.logGroupIdentifiers?.map(groupNameOf);
  const groups = context.registry
    .groups()
    .filter(
      (group) =>
        (request.logGroupNamePrefix === undefined || group.name.startsWith(request.logGroupNamePrefix)) &&
        (request.logGroupNamePattern === undefined || group.name.includes(request.logGroupNamePattern)) &&
        (names === undefined || names.includes(group.name)),
    );
  const page = paginate(groups, request.nextToken, request.limit, 'log-groups');
  const brief = request.logGroupNamePattern !== undefined;
  return {
    logGroups: page.items.map((group): LogGroup => {
      const identity = { logGroupName: group.name, creationTime: group.creationTime, arn: `${group.arn}:*` };
      if (brief) return identity;
      return {
        ...identity,
        retentionInDays: logGroupRetentionDays,
        metricFilterCount: 0,
        storedBytes: storedBytes(context.registry.streamsOf(group.name), now),
        logGroupClass: 'STANDARD',
        logGroupArn: group.arn,
        deletionProtectionEnabled: false,
      };
    }),
    nextToken: page.nextToken,
  };
}

function describeLogStreams(context: LogsContext, input: unknown): DescribeLogStreamsResponse {
  const request = parseLogsRequest(describeLogStreamsRequest, input);
  const orderBy = request.orderBy ?? 'LogStreamName';
  if (orderBy === 'LastEventTime' && request.logStreamNamePrefix !== undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      'Cannot order by LastEventTime with a logStreamNamePrefix.',
    );
  }
  const now = context.sync();
  const group = requireLogGroup(context.registry, request);
  const streams = context.registry
    .streamsOf(group.name)
    .filter(
      (stream) =>
        request.logStreamNamePrefix === undefined ||
        stream.streamName.startsWith(request.logStreamNamePrefix),
    )
    .map((stream): LogStream => {
      const last = lastEventOf(context.generator, stream, now);
      return {
        logStreamName: stream.streamName,
        creationTime: stream.startedAt,
        firstEventTimestamp: stream.startedAt,
        lastEventTimestamp: last?.timestamp ?? stream.startedAt,
        lastIngestionTime: last?.ingestionTime ?? stream.startedAt,
        uploadSequenceToken: String(stream.hash).padStart(56, '4'),
        arn: `${group.arn}:log-stream:${stream.streamName}`,
        storedBytes: 0,
      };
    });
  if (orderBy === 'LastEventTime') streams.sort((a, b) => a.lastEventTimestamp! - b.lastEventTimestamp!);
  if (request.descending) streams.reverse();
  const page = paginate(streams, request.nextToken, request.limit, `log-streams:${group.name}`);
  return { logStreams: page.items, nextToken: page.nextToken };
}

function filterLogEvents(context: LogsContext, input: unknown): FilterLogEventsResponse {
  const request = parseLogsRequest(filterLogEventsRequest, input);
  if (request.logStreamNames !== undefined && request.logStreamNamePrefix !== undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
    );
  }
  checkTimeRange(request.startTime, request.endTime);
  const filter = compileRequestPattern(request.filterPattern);
  const now = context.sync();
  const group = requireLogGroup(context.registry, request);
  const token =
    request.nextToken === undefined
      ? null
      : decodeToken(
          request.nextToken,
          filterToken.refine((value) => value.group === group.name && isEventId(value.cursor)),
        );
  const direction = token?.direction ?? (request.startFromHead === false ? 'backward' : 'forward');
  const streams = context.registry
    .streamsOf(group.name)
    .filter(
      (stream) =>
        (request.logStreamNames === undefined || request.logStreamNames.includes(stream.streamName)) &&
        (request.logStreamNamePrefix === undefined ||
          stream.streamName.startsWith(request.logStreamNamePrefix)),
    );
  const page = scanEvents(context.generator, {
    streams,
    from: request.startTime ?? 0,
    to: request.endTime ?? now,
    after: direction === 'forward' ? token?.cursor : undefined,
    before: direction === 'backward' ? token?.cursor : undefined,
    direction,
    now,
    filter,
    limit: request.limit ?? defaultEventLimit,
  });
  return {
    events: page.events.map((event) => ({
      logStreamName: event.stream.streamName,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: event.eventId,
    })),
    // CloudWatch Logs has answered this with an empty list since 2020.
    searchedLogStreams: [],
    nextToken:
      page.more && page.cursor !== null
        ? encodeToken({ group: group.name, direction, cursor: page.cursor })
        : undefined,
  };
}

function getLogEvents(context: LogsContext, input: unknown): GetLogEventsResponse {
  const request = parseLogsRequest(getLogEventsRequest, input);
  checkTimeRange(request.startTime, request.endTime);
  const now = context.sync();
  const group = requireLogGroup(context.registry, request);
  const stream = context.registry
    .streamsOf(group.name)
    .find((candidate) => candidate.streamName === request.logStreamName);
  if (!stream)
    throw new LogsApiError('ResourceNotFoundException', 'The specified log stream does not exist.');
  const token = request.nextToken === undefined ? null : parseStreamToken(request.nextToken);
  const direction = token?.direction ?? (request.startFromHead === true ? 'forward' : 'backward');
  const from = request.startTime ?? 0;
  // GetLogEvents leaves out events at endTime itself, unlike FilterLogEvents.
  const to = request.endTime === undefined ? now : request.endTime - 1;
  const page = scanEvents(context.generator, {
    streams: [stream],
    from,
    to,
    after: direction === 'forward' ? token?.cursor : undefined,
    before: direction === 'backward' ? token?.cursor : undefined,
    direction,
    now,
    filter: () => true,
    limit: request.limit ?? defaultEventLimit,
  });
  const events = direction === 'forward' ? page.events : [...page.events].reverse();
  const first = events[0];
  const last = events.at(-1);
  const forwardCursor =
    direction === 'forward'
      ? (page.cursor ?? token?.cursor ?? eventIdBounds(from - 1).last)
      : (last?.eventId ?? eventIdBounds(Math.min(to, now)).last);
  const backwardCursor =
    direction === 'backward'
      ? (page.cursor ?? token?.cursor ?? eventIdBounds(Math.min(to, now) + 1).first)
      : (first?.eventId ?? token?.cursor ?? eventIdBounds(from).first);
  return {
    events: events.map((event) => ({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
    })),
    nextForwardToken: `f/${forwardCursor}/s`,
    nextBackwardToken: `b/${backwardCursor}/s`,
  };
}

function parseStreamToken(token: string): { direction: 'forward' | 'backward'; cursor: string } {
  const match = /^([fb])\/(\d{56})\/s$/.exec(token);
  if (!match) throw new LogsApiError('InvalidParameterException', 'The specified nextToken is invalid.');
  return { direction: match[1] === 'f' ? 'forward' : 'backward', cursor: match[2]! };
}

export function compileRequestPattern(pattern: string | undefined): LogEventFilter {
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError)
      throw new LogsApiError('InvalidParameterException', `Invalid filter pattern: ${error.message}`);
    throw error;
  }
}

/** The stream's newest visible line, looked for in the last few windows. */
function lastEventOf(
  generator: LogEventGenerator,
  stream: LogStreamFacts,
  now: number,
): GeneratedLogEvent | null {
  const end = Math.min(stream.endsAt ?? now, now);
  for (let index = windowOf(end); index >= windowOf(Math.max(stream.startedAt, end - 120_000)); index--) {
    const visible = generator
      .eventsInWindow(stream, index, now)
      .filter((event) => event.ingestionTime <= now);
    const last = visible.at(-1);
    if (last) return last;
  }
  return null;
}

function storedBytes(streams: readonly LogStreamFacts[], now: number): number {
  return Math.round(
    streams.reduce(
      (sum, stream) =>
        sum + (((stream.endsAt ?? now) - stream.startedAt) / 1000) * stream.profile.rate * bytesPerLine,
      0,
    ),
  );
}

function paginate<T>(
  all: readonly T[],
  nextToken: string | undefined,
  limit: number | undefined,
  list: string,
): { items: T[]; nextToken: string | undefined } {
  const offset =
    nextToken === undefined
      ? 0
      : decodeToken(
          nextToken,
          pageToken.refine((token) => token.list === list),
        ).offset;
  const items = all.slice(offset, offset + (limit ?? pageSize));
  const next = offset + items.length;
  return { items, nextToken: next < all.length ? encodeToken({ list, offset: next }) : undefined };
}
