import { describe, expect, it } from 'vitest';
import { sandboxTopologySpec } from '../../shared/topology/sandboxTopologySpec';
import { serviceBlueprints } from './fleetCatalogue';
import { kafkaLayout } from './kafka/kafkaCatalogue';

/** The sandbox's topology spec describes the sandbox as it runs: its services, Kafka traffic and datastores. */

describe('sandboxTopologySpec', () => {
  const services = new Set(serviceBlueprints.map((b) => b.name));
  const layout = kafkaLayout();

  it('names only services the sandbox runs', () => {
    const named = [
      ...sandboxTopologySpec.entries.flatMap((e) => e.routesTo),
      ...Object.entries(sandboxTopologySpec.http).flat(2),
      ...Object.keys(sandboxTopologySpec.produces),
      ...Object.keys(sandboxTopologySpec.consumes),
      ...sandboxTopologySpec.datastores.flatMap((d) => d.usedBy),
    ];
    expect(named.filter((name) => !services.has(name))).toEqual([]);
  });

  it('has the producers and consumers of the sandbox’s Kafka traffic', () => {
    const produced = Object.entries(sandboxTopologySpec.produces).flatMap(([service, topics]) =>
      topics.map((t) => `${service} → ${t}`),
    );
    expect(produced.sort()).toEqual(layout.producers.map((p) => `${p.service} → ${p.topic}`).sort());
    const consumed = Object.entries(sandboxTopologySpec.consumes).flatMap(([service, topics]) =>
      topics.map((t) => `${t} → ${service}`),
    );
    expect(consumed.sort()).toEqual(
      layout.groups.flatMap((g) => g.topics.map((t) => `${t} → ${g.service}`)).sort(),
    );
    // Groups are named after their services, so the naming convention finds every owner.
    for (const group of layout.groups) expect(group.groupId).toBe(group.service);
  });

  it('puts each datastore beside a service configured to use it', () => {
    for (const datastore of sandboxTopologySpec.datastores) {
      for (const user of datastore.usedBy) {
        const environment = serviceBlueprints.find((b) => b.name === user)!.environment;
        expect(
          Object.values(environment).some((value) => value.includes(`${datastore.name}.flarenet.internal`)),
        ).toBe(true);
      }
    }
  });
});
