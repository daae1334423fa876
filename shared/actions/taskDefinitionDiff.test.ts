import { describe, expect, it } from 'vitest';
import { secretMask } from './secretMasking';
import { commandLine, diffTaskDefinitions, type TaskDefinitionSpec } from './taskDefinitionDiff';

const base: TaskDefinitionSpec = {
  family: 'payment-service',
  revision: 8,
  cpu: '512',
  memory: '1024',
  taskRoleArn: 'arn:aws:iam::1:role/payment',
  executionRoleArn: 'arn:aws:iam::1:role/exec',
  containerDefinitions: [
    {
      name: 'payment-service',
      image: 'registry/payment-service:v1.2.4',
      cpu: 512,
      command: ['java', '-jar', '/app/payment service.jar'],
      environment: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'PAYMENT_PROVIDER', value: 'stripe' },
        { name: 'DATABASE_URL', value: 'postgres://app:s3cret@db:5432/payments' },
      ],
      secrets: [{ name: 'STRIPE_API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/stripe' }],
      portMappings: [{ containerPort: 8086, hostPort: 8086, protocol: 'tcp', name: 'http' }],
      healthCheck: { command: ['CMD-SHELL', 'curl -f localhost:8086/health'], interval: 10, retries: 3 },
    },
    { name: 'envoy', image: 'envoy:1.30' },
  ],
};

function withContainer(
  changes: Partial<NonNullable<TaskDefinitionSpec['containerDefinitions']>[number]>,
): TaskDefinitionSpec {
  const [first, ...rest] = base.containerDefinitions!;
  return { ...base, containerDefinitions: [{ ...first, ...changes }, ...rest] };
}

describe('diffTaskDefinitions', () => {
  it('finds nothing between a definition and itself', () => {
    expect(diffTaskDefinitions(base, structuredClone(base))).toEqual([]);
  });

  it('shows images, sizes, roles, command and ports, each as one row', () => {
    const target: TaskDefinitionSpec = {
      ...withContainer({
        image: 'registry/payment-service:v1.2.3',
        command: ['java', '-jar', '/app/payment.jar'],
        portMappings: [
          { containerPort: 8086, hostPort: 8086, protocol: 'tcp', name: 'http' },
          { containerPort: 9090, protocol: 'tcp' },
        ],
      }),
      memory: '2048',
      taskRoleArn: 'arn:aws:iam::1:role/payment-v2',
    };
    expect(diffTaskDefinitions(base, target)).toEqual([
      {
        section: 'memory',
        container: null,
        name: 'task memory (MiB)',
        from: '1024',
        to: '2048',
        masked: false,
      },
      {
        section: 'role',
        container: null,
        name: 'task role',
        from: 'arn:aws:iam::1:role/payment',
        to: 'arn:aws:iam::1:role/payment-v2',
        masked: false,
      },
      {
        section: 'image',
        container: 'payment-service',
        name: 'image',
        from: 'registry/payment-service:v1.2.4',
        to: 'registry/payment-service:v1.2.3',
        masked: false,
      },
      {
        section: 'command',
        container: 'payment-service',
        name: 'command',
        from: 'java -jar "/app/payment service.jar"',
        to: 'java -jar /app/payment.jar',
        masked: false,
      },
      {
        section: 'ports',
        container: 'payment-service',
        name: 'port 9090/tcp',
        from: null,
        to: '9090/tcp',
        masked: false,
      },
    ]);
  });

  it('lists environment names that were added, removed or changed, masking values that look secret', () => {
    const target = withContainer({
      environment: [
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'DB_PASSWORD', value: 'correct horse' },
        { name: 'DATABASE_URL', value: 'postgres://app:n3w@db:5432/payments' },
        { name: 'FEATURE_X', value: 'on' },
      ],
    });
    const rows = diffTaskDefinitions(base, target);
    expect(rows).toEqual([
      {
        section: 'env',
        container: 'payment-service',
        name: 'LOG_LEVEL',
        from: 'info',
        to: 'debug',
        masked: false,
      },
      {
        section: 'env',
        container: 'payment-service',
        name: 'DB_PASSWORD',
        from: secretMask,
        to: secretMask,
        masked: true,
      },
      {
        section: 'env',
        container: 'payment-service',
        name: 'PAYMENT_PROVIDER',
        from: 'stripe',
        to: null,
        masked: false,
      },
      {
        section: 'env',
        container: 'payment-service',
        name: 'DATABASE_URL',
        from: `postgres://app:${secretMask}@db:5432/payments`,
        to: `postgres://app:${secretMask}@db:5432/payments`,
        masked: true,
      },
      {
        section: 'env',
        container: 'payment-service',
        name: 'FEATURE_X',
        from: null,
        to: 'on',
        masked: false,
      },
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ['hunter2', 'correct horse', 's3cret', 'n3w']) expect(text).not.toContain(secret);
  });

  it('shows secret references (never values) and containers that come or go', () => {
    const [first] = base.containerDefinitions!;
    const target: TaskDefinitionSpec = {
      ...base,
      containerDefinitions: [
        {
          ...first,
          secrets: [{ name: 'STRIPE_API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/stripe-v2' }],
        },
        { name: 'otel', image: 'otel/collector:0.98' },
      ],
    };
    expect(diffTaskDefinitions(base, target)).toEqual([
      {
        section: 'secret',
        container: 'payment-service',
        name: 'STRIPE_API_KEY',
        from: 'arn:aws:ssm:us-east-1:1:parameter/stripe',
        to: 'arn:aws:ssm:us-east-1:1:parameter/stripe-v2',
        masked: false,
      },
      {
        section: 'container',
        container: 'envoy',
        name: 'container',
        from: 'envoy:1.30',
        to: null,
        masked: false,
      },
      {
        section: 'container',
        container: 'otel',
        name: 'container',
        from: null,
        to: 'otel/collector:0.98',
        masked: false,
      },
    ]);
  });

  it('describes health check changes in words', () => {
    const rows = diffTaskDefinitions(
      base,
      withContainer({ healthCheck: { command: ['CMD-SHELL', 'exit 0'], interval: 30 } }),
    );
    expect(rows).toEqual([
      {
        section: 'healthCheck',
        container: 'payment-service',
        name: 'health check',
        from: 'CMD-SHELL "curl -f localhost:8086/health" (every 10s, 3 retries)',
        to: 'CMD-SHELL "exit 0" (every 30s)',
        masked: false,
      },
    ]);
  });
});

describe('commandLine', () => {
  it.each([
    [undefined, undefined],
    [[], undefined],
    [['node', 'dist/server.js'], 'node dist/server.js'],
    [['sh', '-c', 'echo "hi"'], 'sh -c "echo \\"hi\\""'],
  ])('%j → %j', (parts, expected) => {
    expect(commandLine(parts)).toBe(expected);
  });
});
