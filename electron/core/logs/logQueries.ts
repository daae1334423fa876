import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ErrorRate, LogLine, LogSearchResult } from '../../../shared/logs/logModel';
import { toLogLine } from './logLines';
import type { ResolvedLogSource } from './logSourceResolver';
import type { ServiceTaskScope } from './serviceTaskScope';

/**
 * Questions about a stretch of a service's logs, answered with FilterLogEvents: the lines that
 * match a pattern, and how many ERROR lines each time bucket holds. Paging is bounded; an
 * answer cut short says so.
 */

export interface LogQueryContext {
  client: CloudWatchLogsClient;
  source: ResolvedLogSource;
  scope: ServiceTaskScope | null;
  signal?: AbortSignal;
  /** Pages of up to 10,000 events read at most; default 20. */
  maxPages?: number;
}

/**
 * Lines that may be errors, narrowed by CloudWatch (patterns are case-sensitive, so each
 * spelling is named); the level read from each line then decides.
 */
export const errorCandidatePattern =
  '?ERROR ?FATAL ?CRITICAL ?error ?fatal ?critical ?Error ?Fatal ?Critical';

export async function searchLogs(
  context: LogQueryContext,
  query: { filterPattern: string; startTime: number; endTime: number; limit: number },
): Promise<LogSearchResult> {
  const lines: LogLine[] = [];
  const { excluded, complete } = await readEvents(context, query, (line) => {
    lines.push(line);
    return lines.length < query.limit;
  });
  return { source: publicSource(context.source), lines, truncated: !complete, excluded };
}

export async function countErrors(
  context: LogQueryContext,
  window: { from: number; to: number; bucketMs: number },
): Promise<ErrorRate> {
  const first = Math.floor(window.from / window.bucketMs) * window.bucketMs;
  const buckets = Array.from(
    { length: Math.max(1, Math.ceil((window.to - first + 1) / window.bucketMs)) },
    (_, index) => ({
      start: first + index * window.bucketMs,
      errors: 0,
    }),
  );
  let total = 0;
  const { complete } = await readEvents(
    context,
    { filterPattern: errorCandidatePattern, startTime: first, endTime: window.to },
    (line) => {
      if (line.level !== 'ERROR') return true;
      const bucket = buckets[Math.floor((line.timestamp - first) / window.bucketMs)];
      if (bucket) {
        bucket.errors++;
        total++;
      }
      return true;
    },
  );
  return {
    source: publicSource(context.source),
    from: first,
    to: window.to,
    bucketMs: window.bucketMs,
    buckets,
    total,
    truncated: !complete,
  };
}

/** Pages through matching events oldest first; `take` returns false to stop. Lines of other clusters' tasks are counted, not taken. */
async function readEvents(
  context: LogQueryContext,
  query: { filterPattern: string; startTime: number; endTime: number },
  take: (line: LogLine) => boolean,
): Promise<{ excluded: number; complete: boolean }> {
  const { client, source, scope, signal } = context;
  await scope?.refresh(signal);
  let excluded = 0;
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        logGroupIdentifier: source.logGroupArn,
        ...(source.streamPrefix
          ? { logStreamNamePrefix: `${source.streamPrefix}/${source.containerName}/` }
          : {}),
        ...(query.filterPattern.trim() ? { filterPattern: query.filterPattern } : {}),
        startTime: query.startTime,
        endTime: query.endTime,
        limit: 10_000,
        nextToken,
      }),
      { abortSignal: signal },
    );
    const events = page.events ?? [];
    for (let index = 0; index < events.length; index++) {
      const line = toLogLine(events[index]!);
      if (scope && line.taskId !== null && !scope.has(line.taskId)) {
        excluded++;
        continue;
      }
      if (!take(line)) return { excluded, complete: index === events.length - 1 && !page.nextToken };
    }
    nextToken = page.nextToken;
  } while (nextToken && ++pages < (context.maxPages ?? 20));
  return { excluded, complete: nextToken === undefined };
}

export function publicSource(source: ResolvedLogSource): LogSearchResult['source'] {
  return {
    logGroup: source.logGroup,
    region: source.region,
    streamPrefix: source.streamPrefix,
    containerName: source.containerName,
    taskDefinitionArn: source.taskDefinitionArn,
  };
}
