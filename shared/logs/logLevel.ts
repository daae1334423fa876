import type { LogLevel } from './logModel';

/**
 * A line's level, read the way services write it: a JSON `level` (or `severity`, `levelname`,
 * pino's numbers), a logfmt `level=`, or a level word near the start of a text line
 * (`2025-06-02 09:00:01,123 ERROR [worker] …`). FATAL and CRITICAL count as ERROR.
 */
export function parseLogLevel(message: string): LogLevel {
  const text = message.trimStart();
  if (text.startsWith('{')) {
    const fromJson = jsonLevel(text);
    if (fromJson !== null) return fromJson;
  }
  const logfmt = /(?:^|\s)(?:level|lvl|severity)="?([A-Za-z]+)"?(?:\s|$)/.exec(text);
  if (logfmt) return normalise(logfmt[1]!) ?? 'UNKNOWN';
  const word = /\b(FATAL|CRITICAL|ERROR|ERR|WARNING|WARN|INFO|DEBUG|TRACE)\b/.exec(text.slice(0, 80));
  return word ? (normalise(word[1]!) ?? 'UNKNOWN') : 'UNKNOWN';
}

function jsonLevel(text: string): LogLevel | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const value = record.level ?? record.severity ?? record.levelname ?? record['log.level'];
  if (typeof value === 'string') return normalise(value);
  if (typeof value === 'number') return pinoLevel(value);
  return null;
}

function normalise(word: string): LogLevel | null {
  switch (word.toUpperCase()) {
    case 'FATAL':
    case 'CRITICAL':
    case 'PANIC':
    case 'ERROR':
    case 'ERR':
      return 'ERROR';
    case 'WARN':
    case 'WARNING':
      return 'WARN';
    case 'INFO':
    case 'NOTICE':
      return 'INFO';
    case 'DEBUG':
      return 'DEBUG';
    case 'TRACE':
      return 'TRACE';
    default:
      return null;
  }
}

/** pino's numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function pinoLevel(value: number): LogLevel {
  if (value >= 50) return 'ERROR';
  if (value >= 40) return 'WARN';
  if (value >= 30) return 'INFO';
  if (value >= 20) return 'DEBUG';
  return 'TRACE';
}

/** The ECS task id at the end of an awslogs stream name (`<prefix>/<container>/<taskId>`), or null. */
export function taskIdOfStream(stream: string): string | null {
  const last = stream.slice(stream.lastIndexOf('/') + 1);
  return /^[0-9a-f]{32}$/.test(last) ? last : null;
}
