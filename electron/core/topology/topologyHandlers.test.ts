import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import { topologyGetSpec } from '../../../shared/ipc/topology';
import { buildTopologyGraph } from '../../../shared/topology/graphFromData';
import { topologySpecSchema, type TopologySpec } from '../../../shared/topology/topologyModel';
import { renderTopology } from '../../../shared/topology/render';
import { sandboxTopologySpec } from '../../../shared/topology/sandboxTopologySpec';
import { sandboxFleet, sandboxLag } from '../../../shared/testing/topologyTestData';
import { parseConsoleConfig, type ConsoleConfig } from '../config/consoleConfig';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { IpcRouter } from '../ipc/router';
import { registerTopologyHandlers } from './topologyHandlers';
import { loadTopologySpecFile, topologySectionOf, topologySpecFor } from './topologySpec';

let close: (() => void) | undefined;
afterEach(() => close?.());

function clientServing(spec: () => TopologySpec): ConsoleClient {
  const router = new IpcRouter();
  registerTopologyHandlers(router, spec);
  const memory = createMemoryTransport(router);
  close = () => memory.close();
  return new ConsoleClient(memory.transport);
}

describe('topology.getSpec', () => {
  it('serves the sandbox spec, which the renderer joins with the fleet and lag it has', async () => {
    const client = clientServing(() => topologySpecFor({ onSandbox: true }));
    const result = await client.invoke(topologyGetSpec, {});
    expect(result).toEqual({ ok: true, value: sandboxTopologySpec });
    if (!result.ok) return;
    const graph = buildTopologyGraph({
      fleet: sandboxFleet(),
      lag: sandboxLag(),
      spec: result.value,
      environment: 'production',
    });
    const text = renderTopology(graph, { width: 120 }).lines.join('\n');
    for (const name of ['alb', 'api-gateway', 'saga-response', 'orders-db', 'lag 230 OK'])
      expect(text).toContain(name);
  });

  it('refuses a request that is not the empty object', async () => {
    const client = clientServing(() => topologySpecFor({ onSandbox: true }));
    const result = await client.invoke(topologyGetSpec, { environment: 'prod' } as unknown as Record<
      string,
      never
    >);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers with the spec of the moment, not of registration', async () => {
    let spec = topologySpecFor({ onSandbox: false });
    const client = clientServing(() => spec);
    expect(await client.invoke(topologyGetSpec, {})).toMatchObject({
      ok: true,
      value: { entries: [], http: {} },
    });
    spec = topologySpecSchema.parse({ http: { 'api-gateway': ['auth-service'] } });
    expect(await client.invoke(topologyGetSpec, {})).toMatchObject({
      ok: true,
      value: { http: { 'api-gateway': ['auth-service'] } },
    });
  });
});

describe('topologySpecFor', () => {
  const kafka: ConsoleConfig['kafka'] = [
    {
      name: 'orders',
      brokers: ['b-1:9092'],
      groupOwners: { 'saga-workers': 'order-service', shared: 'billing-service' },
    },
  ];

  it('uses the config section over the sandbox default, with the Kafka clusters’ group owners folded in', () => {
    const section = topologySpecSchema.parse({
      groupOwners: { shared: 'ledger-service' },
      http: { a: ['b'] },
    });
    const spec = topologySpecFor({ topology: section, kafka, onSandbox: true });
    expect(spec.http).toEqual({ a: ['b'] });
    expect(spec.groupOwners).toEqual({ 'saga-workers': 'order-service', shared: 'ledger-service' });
  });

  it('draws nothing it was not told about off the sandbox', () => {
    expect(topologySpecFor({ onSandbox: false })).toEqual(topologySpecSchema.parse({}));
  });
});

describe('reading the spec', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flarenet-topology-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the topology section of a config, naming the fields that are wrong', () => {
    const environments = [{ name: 'prod', aws: { region: 'eu-west-1' } }];
    const config = parseConsoleConfig(JSON.stringify({ environments }), 'config.json');
    expect(topologySectionOf(config)).toBeUndefined();
    const withSection = parseConsoleConfig(
      JSON.stringify({ environments, topology: { entries: [{ name: 'alb', routesTo: ['api-gateway'] }] } }),
      'config.json',
    );
    expect(topologySectionOf(withSection)?.entries).toEqual([
      { name: 'alb', kind: 'load-balancer', routesTo: ['api-gateway'] },
    ]);
    expect(() =>
      parseConsoleConfig(
        JSON.stringify({
          environments,
          topology: { http: { 'api-gateway': 'auth-service' }, colour: 'red' },
        }),
        'config.json',
      ),
    ).toThrow(/The console config config\.json is invalid: .*topology\.http\.api-gateway/);
  });

  it('loads a spec file, and says why one cannot be used', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ produces: { 'order-service': ['order-created'] } }));
    expect((await loadTopologySpecFile(good)).produces).toEqual({ 'order-service': ['order-created'] });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    await expect(loadTopologySpecFile(bad)).rejects.toThrow(/bad\.json is not valid JSON/);
    await expect(loadTopologySpecFile(join(dir, 'missing.json'))).rejects.toThrow(
      /Cannot read the topology spec/,
    );
  });
});
