import type { TaskStopCode } from '@aws-sdk/client-ecs';
import type { SeededRandom } from '../seededRandom';
import type { LogRecord } from './logFormats';
import type { LogFormat, ServiceLogProfile } from './serviceLogProfiles';

/**
 * What services say: a line for each moment of a task's life — starting, serving, failing
 * because a dependency cannot be reached, crashing, draining — drawn from the service's
 * vocabulary with the stream's seeded random source.
 */

export function startingLine(profile: ServiceLogProfile): LogRecord {
  return info(profile, `Starting ${profile.service} ${profile.version}`, { port: profile.port });
}

export function configurationLine(profile: ServiceLogProfile): LogRecord {
  return info(profile, 'Configuration loaded', { log_level: profile.debug ? 'debug' : 'info' });
}

export function connectedLine(profile: ServiceLogProfile): LogRecord {
  return info(profile, `Connected to ${profile.dependency.name}`, { address: profile.dependency.address });
}

export function listeningLine(profile: ServiceLogProfile): LogRecord {
  return info(profile, `Listening on :${profile.port}`, {});
}

/** A line from a task that serves normally: mostly requests, now and then a warning or an error. */
export function servingLine(profile: ServiceLogProfile, random: SeededRandom): LogRecord {
  const draw = random.next();
  if (draw < 0.06 && profile.debug)
    return {
      ...info(profile, `Cache lookup ${random.hex(8)}: ${random.chance(0.8) ? 'hit' : 'miss'}`, {}),
      level: 'DEBUG',
    };
  if (draw < 0.1) return info(profile, random.pick(profile.activities), orderFields(random));
  if (draw < 0.14) {
    return {
      level: 'WARN',
      logger: profile.logger,
      message: random.chance(0.5)
        ? `Slow call to ${profile.dependency.name} took ${random.int(800, 2400)} ms`
        : `Retrying call to ${profile.dependency.name} (attempt 2/3)`,
      fields: requestFields(random),
    };
  }
  if (draw < 0.15) {
    const timeout = random.int(2, 5) * 1000;
    return {
      level: 'ERROR',
      logger: profile.logger,
      message: `Upstream timeout after ${timeout} ms calling ${profile.dependency.name}`,
      fields: requestFields(random),
      error: timeoutError(profile.format, profile.dependency.address, timeout),
    };
  }
  return requestLine(profile, random, null);
}

/** A line from a task of a broken release: its dependency refuses connections, so nothing works. */
export function failingLine(profile: ServiceLogProfile, random: SeededRandom): LogRecord {
  const draw = random.next();
  if (draw < 0.45) return connectionRefusedLine(profile, random);
  if (draw < 0.65) {
    return {
      level: 'WARN',
      logger: 'health',
      message: `Health check failed: GET /health returned 503 (${profile.dependency.name} unavailable)`,
      fields: {},
    };
  }
  if (draw < 0.75)
    return info(
      profile,
      `Retrying connection to ${profile.dependency.name} in ${random.int(1, 8) * 250} ms`,
      {
        attempt: random.int(2, 12),
      },
    );
  return { ...requestLine(profile, random, 503), level: 'ERROR' };
}

export function connectionRefusedLine(profile: ServiceLogProfile, random: SeededRandom): LogRecord {
  return {
    level: 'ERROR',
    logger: profile.logger,
    message: `connection refused to ${profile.dependency.name} (${profile.dependency.address})`,
    fields: { attempt: random.int(1, 12) },
    error: refusedError(profile.format, profile.dependency.address),
  };
}

/** The last words of a release that cannot start: the stream ends here. */
export function crashLines(profile: ServiceLogProfile): LogRecord[] {
  return [
    {
      level: 'ERROR',
      logger: profile.logger,
      message: `Application failed to start: cannot reach ${profile.dependency.name}`,
      fields: {},
      error: refusedError(profile.format, profile.dependency.address),
    },
    {
      level: 'ERROR',
      logger: profile.logger,
      message: 'Process exiting with code 1',
      fields: { exit_code: 1 },
    },
  ];
}

export function stoppingLine(profile: ServiceLogProfile, stopCode: TaskStopCode | null): LogRecord {
  const reason =
    stopCode === 'TerminationNotice'
      ? 'host maintenance'
      : stopCode === 'TaskFailedToStart'
        ? 'failed health checks'
        : 'deployment or scale-in';
  return {
    level: stopCode === 'TaskFailedToStart' ? 'WARN' : 'INFO',
    logger: profile.logger,
    message: `Received SIGTERM (${reason}), draining in-flight requests`,
    fields: {},
  };
}

export function drainingLine(profile: ServiceLogProfile, random: SeededRandom): LogRecord {
  return info(profile, `Draining: ${random.int(0, 6)} requests in flight`, {});
}

/** The stream's last line: a clean shutdown, or the end of a task that never became healthy. */
export function exitLine(profile: ServiceLogProfile, outcome: 'healthy' | 'fails-health-check'): LogRecord {
  if (outcome === 'healthy') return info(profile, 'Shutdown complete', { exit_code: 0 });
  return {
    level: 'ERROR',
    logger: profile.logger,
    message: `Killed before becoming healthy: ${profile.dependency.name} unreachable since start`,
    fields: { exit_code: 137 },
  };
}

function requestLine(profile: ServiceLogProfile, random: SeededRandom, status: number | null): LogRecord {
  const endpoint = random.pick(profile.endpoints);
  const path = endpoint.path.replace('{id}', pathId(profile.service, random));
  const code = status ?? (random.chance(0.03) ? random.pick([400, 404, 409]) : endpoint.ok);
  const duration =
    status === null ? Math.max(1, Math.round(endpoint.p50 * (0.4 + random.next() * 1.4))) : random.int(1, 5);
  return {
    level: code >= 500 ? 'ERROR' : 'INFO',
    logger: profile.logger,
    message: `${endpoint.method} ${path} ${code} (${duration} ms)`,
    fields: { ...requestFields(random), method: endpoint.method, status: code, duration_ms: duration },
  };
}

function info(profile: ServiceLogProfile, message: string, fields: LogRecord['fields']): LogRecord {
  return { level: 'INFO', logger: profile.logger, message, fields };
}

function requestFields(random: SeededRandom): Record<string, string> {
  return { request_id: `req-${random.hex(16)}` };
}

function orderFields(random: SeededRandom): Record<string, string> {
  return { ...requestFields(random), order_id: `ord-${random.int(100000, 999999)}` };
}

function pathId(service: string, random: SeededRandom): string {
  if (service.startsWith('order') || service.startsWith('api-gateway'))
    return `ord-${random.int(100000, 999999)}`;
  if (service.startsWith('payment')) return `pay_${random.alphanumeric(14)}`;
  if (service.startsWith('user')) return `usr-${random.int(10000, 99999)}`;
  if (service.startsWith('catalog') || service.startsWith('inventory'))
    return `SKU-${random.int(1000, 9999)}`;
  return random.hex(8);
}

function refusedError(format: LogFormat, address: string): NonNullable<LogRecord['error']> {
  switch (format) {
    case 'logstash-json':
      return {
        type: 'java.net.ConnectException',
        message: `Connection refused: ${address}`,
        stack: [
          '\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)',
          '\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:554)',
          '\tat org.postgresql.core.PGStream.createSocket(PGStream.java:243)',
          '\tat com.zaxxer.hikari.pool.HikariPool.checkFailFast(HikariPool.java:562)',
          '\tat com.flarenet.platform.DataSourceConfig.dataSource(DataSourceConfig.java:41)',
        ].join('\n'),
      };
    case 'pino-json':
      return {
        type: 'Error',
        message: `connect ECONNREFUSED ${address}`,
        stack: `Error: connect ECONNREFUSED ${address}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)`,
      };
    case 'slog-logfmt':
      return { type: 'net.OpError', message: `dial tcp ${address}: connect: connection refused`, stack: '' };
    case 'python-text':
      return {
        type: 'ConnectionRefusedError',
        message: '[Errno 111] Connection refused',
        stack: '  File "/app/analytics/sources.py", line 88, in connect\n    sock.connect(address)',
      };
  }
}

function timeoutError(format: LogFormat, address: string, timeout: number): NonNullable<LogRecord['error']> {
  if (format === 'logstash-json') {
    return {
      type: 'java.net.SocketTimeoutException',
      message: `Read timed out after ${timeout} ms (${address})`,
      stack: '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
    };
  }
  return { type: 'TimeoutError', message: `timeout of ${timeout}ms exceeded (${address})`, stack: '' };
}
