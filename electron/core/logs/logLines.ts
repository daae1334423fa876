import { createHash } from 'node:crypto';
import { parseLogLevel, taskIdOfStream } from '../../../shared/logs/logLevel';
import type { LogLine } from '../../../shared/logs/logModel';

/** CloudWatch events as the console's log lines: level and task read from them, long messages cut. */

/** A stack trace fits; a multi-megabyte line does not cross IPC whole. */
export const maxMessageChars = 16_384;

export interface RawLogEvent {
  eventId?: string | undefined;
  timestamp?: number | undefined;
  logStreamName?: string | undefined;
  message?: string | undefined;
}

export function toLogLine(event: RawLogEvent): LogLine {
  const stream = event.logStreamName ?? '';
  const timestamp = event.timestamp ?? 0;
  const full = (event.message ?? '').replace(/\n$/, '');
  const truncated = full.length > maxMessageChars;
  return {
    id: event.eventId ?? contentKey(stream, timestamp, full),
    timestamp,
    stream,
    taskId: taskIdOfStream(stream),
    level: parseLogLevel(full),
    message: truncated ? full.slice(0, maxMessageChars) : full,
    truncated,
  };
}

/** The same line has the same key whichever API delivered it: live tail events carry no event id. */
export function contentKey(stream: string, timestamp: number, message: string): string {
  return `${stream}|${timestamp}|${createHash('sha1').update(message).digest('base64url')}`;
}

/** Remembers the most recent keys, so overlapping polls and a switch of mode deliver each line once. */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly limit = 20_000) {}

  /** True the first time a key is seen. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value!);
    return true;
  }
}
