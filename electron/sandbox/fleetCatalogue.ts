import { sandboxRegion } from '../../shared/ipc/sandbox';
import { sandboxAccountId } from './sandboxArns';

/** FlareNet's services as the sandbox runs them: ports, sizes, release lines and configuration. */

export interface ServiceBlueprint {
  name: string;
  port: number;
  desired: { staging: number; production: number };
  cpu: string;
  memory: string;
  /** The version line and how many releases the family has had. */
  version: { major: number; minor: number; firstPatch: number; releases: number };
  /** Staging already runs the newest release; production is one behind, waiting for promotion. */
  stagingAhead: boolean;
  /** Reached from outside through the cluster's load balancer, on its container port. */
  behindLoadBalancer?: boolean;
  command: string[];
  environment: Record<string, string>;
  secrets: Record<string, string>;
}

const kafkaBrokers =
  'kafka-1.flarenet.internal:9092,kafka-2.flarenet.internal:9092,kafka-3.flarenet.internal:9092';
const secretArn = (path: string): string =>
  `arn:aws:secretsmanager:${sandboxRegion}:${sandboxAccountId}:secret:flarenet/${path}`;
const parameterArn = (path: string): string =>
  `arn:aws:ssm:${sandboxRegion}:${sandboxAccountId}:parameter/flarenet/${path}`;

export const serviceBlueprints: readonly ServiceBlueprint[] = [
  {
    name: 'api-gateway',
    port: 8080,
    desired: { staging: 2, production: 4 },
    cpu: '512',
    memory: '1024',
    version: { major: 2, minor: 4, firstPatch: 0, releases: 5 },
    stagingAhead: false,
    behindLoadBalancer: true,
    command: ['node', 'dist/gateway.js'],
    environment: {
      UPSTREAM_TIMEOUT_MS: '3000',
      RATE_LIMIT_RPS: '500',
      AUTH_SERVICE_URL: 'http://auth-service.flarenet.internal:8081',
    },
    secrets: { JWT_PUBLIC_KEY: parameterArn('api-gateway/jwt-public-key') },
  },
  {
    name: 'auth-service',
    port: 8081,
    desired: { staging: 2, production: 3 },
    cpu: '256',
    memory: '512',
    version: { major: 1, minor: 8, firstPatch: 2, releases: 4 },
    stagingAhead: true,
    command: ['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/auth-service.jar'],
    environment: { DB_HOST: 'auth-db.flarenet.internal', DB_NAME: 'auth', TOKEN_TTL_SECONDS: '900' },
    secrets: {
      DB_PASSWORD: secretArn('auth-service/db-password-Xk3p9Q'),
      JWT_SIGNING_KEY: secretArn('auth-service/jwt-signing-key-Vb72Lm'),
    },
  },
  {
    name: 'user-service',
    port: 8082,
    desired: { staging: 2, production: 3 },
    cpu: '256',
    memory: '512',
    version: { major: 3, minor: 1, firstPatch: 0, releases: 3 },
    stagingAhead: false,
    command: ['node', 'dist/server.js'],
    environment: {
      DB_HOST: 'users-db.flarenet.internal',
      DB_NAME: 'users',
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_USER_EVENTS: 'user-events.v1',
    },
    secrets: { DB_PASSWORD: secretArn('user-service/db-password-Q8w1Rt') },
  },
  {
    name: 'order-service',
    port: 8083,
    desired: { staging: 2, production: 4 },
    cpu: '512',
    memory: '1024',
    version: { major: 2, minor: 0, firstPatch: 3, releases: 6 },
    stagingAhead: true,
    command: ['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/order-service.jar'],
    environment: {
      DB_HOST: 'orders-db.flarenet.internal',
      DB_NAME: 'orders',
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_ORDERS: 'orders.v1',
      KAFKA_CONSUMER_GROUP: 'order-service',
    },
    secrets: { DB_PASSWORD: secretArn('order-service/db-password-Lp4s0D') },
  },
  {
    name: 'inventory-service',
    port: 8084,
    desired: { staging: 2, production: 3 },
    cpu: '256',
    memory: '512',
    version: { major: 1, minor: 5, firstPatch: 1, releases: 4 },
    stagingAhead: false,
    command: ['./inventory-service', '--config', '/etc/flarenet/inventory.yaml'],
    environment: {
      DB_HOST: 'inventory-db.flarenet.internal',
      DB_NAME: 'inventory',
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_CONSUMER_GROUP: 'inventory-service',
    },
    secrets: { DB_PASSWORD: secretArn('inventory-service/db-password-Hh2v8N') },
  },
  {
    name: 'catalog-service',
    port: 8085,
    desired: { staging: 2, production: 3 },
    cpu: '256',
    memory: '512',
    version: { major: 4, minor: 2, firstPatch: 0, releases: 3 },
    stagingAhead: true,
    command: ['node', 'dist/server.js'],
    environment: {
      DB_HOST: 'catalog-db.flarenet.internal',
      DB_NAME: 'catalog',
      REDIS_URL: 'redis://catalog-cache.flarenet.internal:6379',
      CACHE_TTL_SECONDS: '300',
    },
    secrets: { DB_PASSWORD: secretArn('catalog-service/db-password-Zc5y3K') },
  },
  {
    name: 'payment-service',
    port: 8086,
    desired: { staging: 2, production: 3 },
    cpu: '512',
    memory: '1024',
    version: { major: 1, minor: 2, firstPatch: 1, releases: 3 },
    stagingAhead: false,
    command: ['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/payment-service.jar'],
    environment: {
      DB_HOST: 'payments-db.flarenet.internal',
      DB_NAME: 'payments',
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_PAYMENTS: 'payments.v1',
      PAYMENT_PROVIDER: 'stripe',
    },
    secrets: {
      DB_PASSWORD: secretArn('payment-service/db-password-Mn6t1W'),
      STRIPE_API_KEY: parameterArn('payment-service/stripe-api-key'),
    },
  },
  {
    name: 'notification-service',
    port: 8087,
    desired: { staging: 2, production: 3 },
    cpu: '256',
    memory: '512',
    version: { major: 2, minor: 7, firstPatch: 0, releases: 5 },
    stagingAhead: true,
    command: ['node', 'dist/worker.js'],
    environment: {
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_CONSUMER_GROUP: 'notification-service',
      SMTP_HOST: 'email-smtp.us-east-1.amazonaws.com',
    },
    secrets: { SENDGRID_API_KEY: secretArn('notification-service/sendgrid-api-key-Rr9e2B') },
  },
  {
    name: 'analytics-service',
    port: 8088,
    desired: { staging: 2, production: 3 },
    cpu: '1024',
    memory: '2048',
    version: { major: 0, minor: 9, firstPatch: 4, releases: 4 },
    stagingAhead: false,
    command: ['python', '-m', 'analytics.worker'],
    environment: {
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_CONSUMER_GROUP: 'analytics-service',
      WAREHOUSE_BUCKET: 's3://flarenet-analytics-warehouse',
    },
    secrets: { WAREHOUSE_CREDENTIALS: secretArn('analytics-service/warehouse-credentials-Ty7u4P') },
  },
];

export const sandboxServiceNames: readonly string[] = serviceBlueprints.map((blueprint) => blueprint.name);
