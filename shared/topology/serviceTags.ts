/**
 * What a service says about itself in its ECS tags. AWS tag values may not contain commas,
 * so lists are separated by spaces or `/` (commas are accepted too, for hand-written input):
 *
 *   flarenet:produces = order-created/payment-process
 *   flarenet:consumes = saga-response
 *   flarenet:groups   = order-saga-workers        (consumer groups the service owns)
 *   flarenet:calls    = auth-service/user-service (HTTP)
 *   flarenet:datastores = orders-db
 *   flarenet:domain   = orders
 */

export type ServiceTags = Readonly<Record<string, string>>;

export interface TaggedTopology {
  produces: string[] | null;
  consumes: string[] | null;
  groups: string[] | null;
  calls: string[] | null;
  datastores: string[] | null;
  domain: string | null;
}

export const topologyTagKeys = {
  produces: 'flarenet:produces',
  consumes: 'flarenet:consumes',
  groups: 'flarenet:groups',
  calls: 'flarenet:calls',
  datastores: 'flarenet:datastores',
  domain: 'flarenet:domain',
} as const;

/** The tags of each service that has any, by service name (the first seen where a name repeats across clusters). */
export function serviceTagsByName(
  services: Iterable<{ serviceName: string; tags?: ServiceTags | undefined }>,
): ReadonlyMap<string, ServiceTags> {
  const byName = new Map<string, ServiceTags>();
  for (const service of services) {
    if (service.tags && !byName.has(service.serviceName)) byName.set(service.serviceName, service.tags);
  }
  return byName;
}

export function readServiceTags(tags: ServiceTags | undefined): TaggedTopology {
  const list = (key: string): string[] | null => {
    const value = tags?.[key];
    if (value === undefined) return null;
    return [...new Set(value.split(/[\s,/+]+/).filter((item) => item !== ''))];
  };
  const domain = tags?.[topologyTagKeys.domain]?.trim();
  return {
    produces: list(topologyTagKeys.produces),
    consumes: list(topologyTagKeys.consumes),
    groups: list(topologyTagKeys.groups),
    calls: list(topologyTagKeys.calls),
    datastores: list(topologyTagKeys.datastores),
    domain: domain ? domain : null,
  };
}

/** The naming convention for topics: `<service>.<event>` is produced by that service. */
export function topicProducerByName(topic: string, services: Iterable<string>): string | null {
  let best: string | null = null;
  for (const service of services) {
    if (topic.startsWith(`${service}.`) && (best === null || service.length > best.length)) best = service;
  }
  return best;
}
