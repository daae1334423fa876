import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseEndpoint } from '../../../shared/actions/auditWhere';
import { AuditLog, auditLogPath } from '../audit/auditLog';
import { testEntry } from '../../testing/auditTestEntries';
import { EcsClientFactory } from '../fleet/ecsClients';
import { createActionServices } from './actionServices';
import { startActionTestFleet, type ActionTestFleet } from '../../testing/actionTestFleet';

let fleet: ActionTestFleet;

beforeAll(async () => {
  fleet = await startActionTestFleet({ reconcile: false });
});

afterAll(async () => {
  await fleet.close();
});

describe('createActionServices', () => {
  it('writes every sandbox scenario to the audit log, before and after it runs', async () => {
    const sandbox = fleet.services.auditedSandbox(fleet.testSandbox.sandbox);
    const result = await sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-staging',
      service: 'user-service',
    });
    await expect(
      sandbox.runScenario({ kind: 'bad-deploy', cluster: 'flarenet-staging', service: 'billing-service' }),
    ).rejects.toThrow(/Unknown service "billing-service"/);
    const entries = (await fleet.services.auditLog.read()).records.map((record) => record.entry);
    expect(entries.map((entry) => [entry.kind, entry.type, entry.service, entry.outcome])).toEqual([
      ['sandbox-scenario', 'start', 'user-service', null],
      ['sandbox-scenario', 'end', 'user-service', 'succeeded'],
      ['sandbox-scenario', 'start', 'billing-service', null],
      ['sandbox-scenario', 'end', 'billing-service', 'failed'],
    ]);
    expect(entries[1]?.message).toBe(result.summary);
    expect(entries[3]?.error).toMatch(/Unknown service "billing-service"/);
    expect(entries[0]?.actor.identity).toBe('sandbox');
    expect(entries[0]?.where).toEqual({
      source: 'endpoint',
      account: null,
      region: 'us-east-1',
      clusterArn: null,
      endpoint: normaliseEndpoint(fleet.testSandbox.sandbox.ecsEndpoint),
    });
  });

  it('keeps the actions of an embedded sandbox in a log of their own, apart from real ones', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-ephemeral-'));
    const real = new AuditLog(auditLogPath(dataDir));
    await real.append(testEntry({ actionId: 'real-action' }));
    const clients = new EcsClientFactory();
    const services = createActionServices({
      config: fleet.config,
      clients,
      dataDir,
      log: () => {},
      readOnlyReason: null,
      fleetIsEphemeral: true,
    });
    expect((await services.reconciliation).settled).toEqual([]);
    expect(services.auditLog.path).toMatch(/[/\\]audit[/\\]sandbox-[0-9T-]+Z-[0-9a-f]+\.jsonl$/);
    expect(services.auditLog.path).not.toBe(real.path);

    const plan = await services.planRollback({ cluster: 'flarenet-staging', service: 'catalog-service' });
    const { actionId } = await services.execute({ planId: plan.id, confirmation: '' });
    await services.finished(actionId);
    const own = (await services.auditLog.read()).records.map((record) => record.entry);
    expect(own.map((entry) => [entry.actionId, entry.type])).toEqual([
      [actionId, 'start'],
      [actionId, 'end'],
    ]);
    expect(own[0]?.where).toMatchObject({ source: 'sandbox', region: 'us-east-1' });
    expect((await real.read()).records.map((record) => record.entry.actionId)).toEqual(['real-action']);
    await services.close();
    clients.destroyAll();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the audit log available when there is no usable config, and says why planning cannot work', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-noconfig-'));
    const services = createActionServices({
      config: null,
      clients: new EcsClientFactory(),
      dataDir,
      log: () => {},
      readOnlyReason: null,
    });
    await expect(
      services.planRollback({ cluster: 'flarenet-production', service: 'payment-service' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'The console has no environments configured.',
    });
    expect(services.policy()).toEqual({ readOnly: false, readOnlyReason: null, environments: [], locks: [] });
    expect((await services.auditLog.list({ limit: 10 })).records).toEqual([]);
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
