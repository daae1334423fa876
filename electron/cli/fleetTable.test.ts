import { describe, expect, it } from 'vitest';
import type { FleetSnapshot, ServiceSummary } from '../../shared/fleet/fleetModel';
import { renderFleetTables } from './fleetTable';
import { plainStyle, terminalStyle } from './terminalStyle';
import { renderTable, truncate } from './textTable';

const clusterArn = 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production';

function service(serviceName: string, overrides: Partial<ServiceSummary> = {}): ServiceSummary {
  return {
    key: `${clusterArn}|${serviceName}`,
    environment: 'production',
    clusterName: 'flarenet-production',
    clusterArn,
    serviceName,
    serviceArn: `arn:aws:ecs:us-east-1:000000000000:service/flarenet-production/${serviceName}`,
    status: 'ACTIVE',
    health: 'healthy',
    healthReason: '3/3 running',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:000000000000:task-definition/${serviceName}:7`,
    family: serviceName,
    revision: 7,
    image: `flarenet/${serviceName}:v1.4.2`,
    imageTag: 'v1.4.2',
    deployments: [],
    newestEvent: {
      id: 'e1',
      createdAt: 900,
      message: `(service ${serviceName}) has reached a steady state.`,
    },
    observedAt: 1000,
    ...overrides,
  };
}

const snapshot: FleetSnapshot = {
  clusters: [
    {
      environment: 'production',
      clusterName: 'flarenet-production',
      clusterArn,
      state: 'ok',
      lastSuccessAt: 1000,
      error: null,
      serviceCount: 2,
      pollIntervalMs: 5000,
      achievedIntervalMs: 5000,
    },
    {
      environment: 'staging',
      clusterName: 'flarenet-staging',
      clusterArn: null,
      state: 'error',
      lastSuccessAt: null,
      error: {
        code: 'UNAVAILABLE',
        message: 'Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)',
      },
      serviceCount: 0,
      pollIntervalMs: 10_000,
      achievedIntervalMs: null,
    },
  ],
  services: [
    service('api-gateway'),
    service('payment-service', {
      health: 'degraded',
      healthReason: '2/3 running; new tasks failing health checks (4 failed) in payment-service:8',
      runningCount: 2,
      pendingCount: 1,
      newestEvent: {
        id: 'e2',
        createdAt: 950,
        message: '(service payment-service) (task 0a1b2c) failed container health checks. '.repeat(5),
      },
    }),
  ],
  generatedAt: 2000,
};

describe('renderFleetTables', () => {
  const text = renderFleetTables(snapshot, { width: 120, style: plainStyle });
  const lines = text.split('\n');

  it('says the interval the polls achieved, not the one asked for, when they fell behind', () => {
    const late = renderFleetTables(
      { ...snapshot, clusters: [{ ...snapshot.clusters[0]!, achievedIntervalMs: 24_000 }] },
      { width: 120, style: plainStyle },
    );
    expect(late).toContain('2 services, polled every 24 s (asked 5 s)');
  });

  it('prints a heading per cluster and a row per service', () => {
    expect(text).toContain('production / flarenet-production — 2 services, polled every 5 s');
    expect(
      lines.some((l) =>
        /^ {2}api-gateway +✓ healthy +3\/3\/0 +api-gateway:7 +v1\.4\.2 +- +has reached a steady state\.$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(lines.some((l) => /^ {2}payment-service +▲ degraded +2\/3\/1 +payment-service:7/.test(l))).toBe(
      true,
    );
  });

  it('explains unhealthy services under their row, and failed clusters in their heading', () => {
    expect(text).toContain(
      '    ↳ 2/3 running; new tasks failing health checks (4 failed) in payment-service:8',
    );
    expect(text).toContain(
      'staging / flarenet-staging — ✖ no data: Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)',
    );
  });

  it('keeps rows within the width by truncating the newest event', () => {
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(120);
    expect(lines.find((l) => l.includes('payment-service  '))).toMatch(/…$/);
  });

  it('uses no escape codes without a terminal, and colour with one unless NO_COLOR is set', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderFleetTables(snapshot, {
      width: 120,
      style: terminalStyle({ isTty: true, env: {} }),
    });
    expect(coloured).toContain('\u001b[33m▲ degraded');
    expect(terminalStyle({ isTty: true, env: { NO_COLOR: '1' } })).toBe(plainStyle);
    expect(terminalStyle({ isTty: false, env: {} })).toBe(plainStyle);
  });
});

describe('renderTable', () => {
  it('aligns columns on plain text even when cells are painted', () => {
    const rows = renderTable(
      [{ header: 'A' }, { header: 'N', align: 'right' }, { header: 'LAST' }],
      [
        [{ text: 'x', paint: (t) => `<${t}>` }, '1', 'end'],
        ['longer', '100', 'e'],
      ],
      { width: 80 },
    );
    expect(rows).toEqual(['A         N  LAST', '<x     >    1  end', 'longer  100  e']);
  });

  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a longer line of text', 10, 'a longer …'],
    ['new\nline   spaces', 40, 'new line spaces'],
  ])('truncate(%j, %i) → %j', (input, width, expected) => {
    expect(truncate(input, width)).toBe(expected);
  });
});
