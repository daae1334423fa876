import type { ContainerDefinition } from '@aws-sdk/client-ecs';

/**
 * How each FlareNet service writes its logs: the format its runtime's logger uses, how busy it
 * is, the requests it serves and what it depends on. Derived from the container definition,
 * so a new release (a new image tag) logs its own version.
 */

/** logback's logstash encoder (JVM), pino (Node), log/slog's text handler (Go), Python's logging. */
export type LogFormat = 'logstash-json' | 'pino-json' | 'slog-logfmt' | 'python-text';

export interface Endpoint {
  method: string;
  /** `{id}` is replaced by an id of the service's kind. */
  path: string;
  /** Typical latency in ms. */
  p50: number;
  /** Status of a successful call. */
  ok: number;
}

export interface ServiceLogProfile {
  service: string;
  version: string;
  format: LogFormat;
  /** Lines per second while serving normally. */
  rate: number;
  /** The logger or module name healthy lines come from. */
  logger: string;
  port: number;
  debug: boolean;
  endpoints: readonly Endpoint[];
  /** What the service connects to first; a broken release cannot reach it. */
  dependency: { name: string; address: string };
  /** Things the service does besides answering requests, one per line. */
  activities: readonly string[];
}

interface ServiceVocabulary {
  rate: number;
  logger: string;
  endpoints: Endpoint[];
  activities: string[];
}

const vocabularies: Record<string, ServiceVocabulary> = {
  'api-gateway': {
    rate: 2,
    logger: 'gateway.proxy',
    endpoints: [
      { method: 'GET', path: '/v1/catalog/products/{id}', p50: 18, ok: 200 },
      { method: 'POST', path: '/v1/orders', p50: 95, ok: 201 },
      { method: 'GET', path: '/v1/orders/{id}', p50: 24, ok: 200 },
      { method: 'POST', path: '/v1/auth/token', p50: 40, ok: 200 },
    ],
    activities: ['Refreshed route table (14 upstreams)', 'Rate limiter window rolled over'],
  },
  'auth-service': {
    rate: 1,
    logger: 'com.flarenet.auth.TokenController',
    endpoints: [
      { method: 'POST', path: '/v1/token', p50: 35, ok: 200 },
      { method: 'POST', path: '/v1/token/refresh', p50: 20, ok: 200 },
      { method: 'GET', path: '/v1/jwks', p50: 3, ok: 200 },
    ],
    activities: ['Rotated signing key cache', 'Expired sessions purged'],
  },
  'user-service': {
    rate: 0.6,
    logger: 'users.http',
    endpoints: [
      { method: 'GET', path: '/v1/users/{id}', p50: 12, ok: 200 },
      { method: 'PATCH', path: '/v1/users/{id}', p50: 30, ok: 200 },
    ],
    activities: ['Published UserUpdated to user-events.v1'],
  },
  'order-service': {
    rate: 1.2,
    logger: 'com.flarenet.orders.OrderController',
    endpoints: [
      { method: 'POST', path: '/v1/orders', p50: 70, ok: 201 },
      { method: 'GET', path: '/v1/orders/{id}', p50: 15, ok: 200 },
      { method: 'POST', path: '/v1/orders/{id}/cancel', p50: 45, ok: 200 },
    ],
    activities: ['Published OrderCreated to orders.v1', 'Consumed PaymentCaptured from payments.v1'],
  },
  'inventory-service': {
    rate: 0.8,
    logger: 'inventory',
    endpoints: [
      { method: 'POST', path: '/v1/reservations', p50: 22, ok: 201 },
      { method: 'GET', path: '/v1/stock/{id}', p50: 6, ok: 200 },
    ],
    activities: ['reserved stock', 'released expired reservations'],
  },
  'catalog-service': {
    rate: 1,
    logger: 'catalog.http',
    endpoints: [
      { method: 'GET', path: '/v1/products/{id}', p50: 9, ok: 200 },
      { method: 'GET', path: '/v1/products', p50: 28, ok: 200 },
    ],
    activities: ['Cache warm-up complete', 'Reindexed 120 products'],
  },
  'payment-service': {
    rate: 0.8,
    logger: 'com.flarenet.payments.PaymentController',
    endpoints: [
      { method: 'POST', path: '/v1/payments', p50: 180, ok: 201 },
      { method: 'GET', path: '/v1/payments/{id}', p50: 14, ok: 200 },
      { method: 'POST', path: '/v1/refunds', p50: 210, ok: 201 },
    ],
    activities: ['Payment captured', 'Published PaymentCaptured to payments.v1'],
  },
  'notification-service': {
    rate: 0.5,
    logger: 'notifications.worker',
    endpoints: [{ method: 'POST', path: '/v1/notifications', p50: 60, ok: 202 }],
    activities: ['Sent order confirmation email', 'Consumed OrderCreated from orders.v1'],
  },
  'analytics-service': {
    rate: 0.4,
    logger: 'analytics.worker',
    endpoints: [{ method: 'GET', path: '/v1/reports/{id}', p50: 320, ok: 200 }],
    activities: ['Processed batch of 500 events from orders.v1', 'Flushed 3 parquet files to the warehouse'],
  },
};

const genericVocabulary: ServiceVocabulary = {
  rate: 0.5,
  logger: 'app',
  endpoints: [{ method: 'GET', path: '/v1/items/{id}', p50: 20, ok: 200 }],
  activities: ['Background job finished'],
};

export function serviceLogProfile(container: ContainerDefinition): ServiceLogProfile {
  const service = container.name ?? 'app';
  // Benchmark fleets name copies `payment-service-2`; they log like the service they copy.
  const vocabulary =
    vocabularies[service] ??
    Object.entries(vocabularies).find(([name]) => service.startsWith(`${name}-`))?.[1] ??
    genericVocabulary;
  const environment = new Map(
    (container.environment ?? []).map((entry) => [entry.name ?? '', entry.value ?? '']),
  );
  return {
    service,
    version: /:([^:/]+)$/.exec(container.image ?? '')?.[1] ?? 'latest',
    format: formatOf(container.command ?? []),
    rate: vocabulary.rate,
    logger: vocabulary.logger,
    port: container.portMappings?.[0]?.containerPort ?? 8080,
    debug: environment.get('LOG_LEVEL') === 'debug',
    endpoints: vocabulary.endpoints,
    dependency: dependencyOf(environment),
    activities: vocabulary.activities,
  };
}

function formatOf(command: readonly string[]): LogFormat {
  const runtime = command[0] ?? '';
  if (runtime === 'java') return 'logstash-json';
  if (runtime === 'node') return 'pino-json';
  if (runtime.startsWith('python')) return 'python-text';
  return 'slog-logfmt';
}

function dependencyOf(environment: ReadonlyMap<string, string>): { name: string; address: string } {
  const database = environment.get('DB_HOST');
  if (database) return { name: database.split('.')[0]!, address: `${database}:5432` };
  const redis = environment.get('REDIS_URL');
  if (redis) {
    const host = new URL(redis).host;
    return { name: host.split('.')[0]!, address: host };
  }
  const upstream = environment.get('AUTH_SERVICE_URL');
  if (upstream) {
    const host = new URL(upstream).host;
    return { name: host.split('.')[0]!, address: host };
  }
  const broker = environment.get('KAFKA_BROKERS')?.split(',')[0];
  if (broker) return { name: broker.split('.')[0]!, address: broker };
  return { name: 'config-service', address: 'config.flarenet.internal:443' };
}
