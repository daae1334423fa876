import type { LogFormat } from './serviceLogProfiles';

/** One line as a service's logger would write it, before it is formatted for its runtime. */
export interface LogRecord {
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logger: string;
  message: string;
  fields: Record<string, string | number>;
  /** The exception: its class or kind, message and stack, in the runtime's own words. */
  error?: { type: string; message: string; stack: string };
}

export interface FormatContext {
  format: LogFormat;
  service: string;
  version: string;
  timestamp: number;
  /** The worker thread or goroutine, for formats that name it. */
  thread: string;
}

/** Formats a record the way the service's runtime writes it to stdout, one awslogs event per record. */
export function formatLogRecord(record: LogRecord, context: FormatContext): string {
  const time = new Date(context.timestamp).toISOString();
  switch (context.format) {
    case 'logstash-json':
      return JSON.stringify({
        '@timestamp': time,
        level: record.level,
        logger_name: record.logger,
        thread_name: context.thread,
        message: record.message,
        service: context.service,
        version: context.version,
        ...record.fields,
        ...(record.error
          ? { stack_trace: `${record.error.type}: ${record.error.message}\n${record.error.stack}` }
          : {}),
      });
    case 'pino-json':
      return JSON.stringify({
        level: record.level,
        time: context.timestamp,
        service: context.service,
        version: context.version,
        module: record.logger,
        msg: record.message,
        ...record.fields,
        ...(record.error
          ? { err: { type: record.error.type, message: record.error.message, stack: record.error.stack } }
          : {}),
      });
    case 'slog-logfmt': {
      const pairs: Array<[string, string | number]> = [
        ['time', time],
        ['level', record.level],
        ['msg', record.message],
        ['service', context.service],
        ...Object.entries(record.fields),
      ];
      if (record.error) pairs.push(['err', `${record.error.message}`]);
      return pairs.map(([key, value]) => `${key}=${logfmtValue(value)}`).join(' ');
    }
    case 'python-text': {
      const stamp = time.replace('T', ' ').replace('Z', '').replace('.', ',');
      const fields = Object.entries(record.fields)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      const line = `${stamp} ${record.level} [${record.logger}] ${record.message}${fields ? ` ${fields}` : ''}`;
      return record.error
        ? `${line}\nTraceback (most recent call last):\n${record.error.stack}\n${record.error.type}: ${record.error.message}`
        : line;
    }
  }
}

function logfmtValue(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}
