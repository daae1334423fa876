import { describe, expect, it } from 'vitest';
import type { AuditWhere } from './actionModel';
import { accountOfArn, normaliseEndpoint, sameCluster } from './auditWhere';

const sandbox = (endpoint: string): AuditWhere => ({
  source: 'endpoint',
  account: '000000000000',
  region: 'us-east-1',
  clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production',
  endpoint,
});

describe('where an audit entry acted', () => {
  it('tells sandboxes with the same ARNs apart by their endpoint', () => {
    expect(sameCluster(sandbox('http://127.0.0.1:4580'), sandbox('http://127.0.0.1:4580'))).toBe(true);
    expect(sameCluster(sandbox('http://127.0.0.1:4580'), sandbox('http://127.0.0.1:4581'))).toBe(false);
    expect(sameCluster(sandbox('http://127.0.0.1:4580'), { ...sandbox(''), source: 'sandbox' })).toBe(false);
  });

  it('matches nothing for an entry that does not say where it acted, or names no cluster ARN', () => {
    const where = sandbox('http://127.0.0.1:4580');
    expect(sameCluster(null, where)).toBe(false);
    expect(sameCluster({ ...where, clusterArn: null }, { ...where, clusterArn: null })).toBe(false);
  });

  it('reads the account from an ARN and writes one endpoint one way', () => {
    expect(accountOfArn('arn:aws:ecs:eu-west-1:123456789012:cluster/prod')).toBe('123456789012');
    expect(accountOfArn('flarenet-production')).toBeNull();
    expect(normaliseEndpoint('http://127.0.0.1:4580/')).toBe('http://127.0.0.1:4580');
    expect(normaliseEndpoint('https://ecs.example.com/api/')).toBe('https://ecs.example.com/api');
  });
});
