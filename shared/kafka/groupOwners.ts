import { readServiceTags, type ServiceTags } from '../topology/serviceTags';

/**
 * Which ECS service a consumer group belongs to, so a lagging group points at the service to
 * look at. One answer for every view: the lag table, `cli lag`, the topology and the
 * timeline. In order: the config (`kafka[].groupOwners`, `topology.groupOwners`); then the
 * service whose `flarenet:groups` ECS tag names the group; then the naming convention — the
 * group id is a service name, or a service name followed by `-suffix` or `.suffix`, taking
 * the longest known name that fits (`order-service-saga` belongs to order-service, not to a
 * service called `order`).
 */

export type GroupOwnerSource = 'config' | 'tags' | 'convention';

export interface GroupOwner {
  service: string;
  source: GroupOwnerSource;
}

export interface GroupOwnerSources {
  /** group id → service, from the config. */
  configured?: Readonly<Record<string, string>>;
  /** service → the groups its `flarenet:groups` tag names, null without that tag; in the fleet's order. */
  taggedGroups?: ReadonlyMap<string, readonly string[] | null>;
  /** The service names the fleet knows. */
  services: Iterable<string>;
}

export function resolveGroupOwner(groupId: string, sources: GroupOwnerSources): GroupOwner | null {
  // hasOwn: a group named "constructor" is not configured by Object.prototype.
  if (sources.configured && Object.hasOwn(sources.configured, groupId))
    return { service: sources.configured[groupId]!, source: 'config' };
  for (const [service, groups] of sources.taggedGroups ?? []) {
    if (groups?.includes(groupId)) return { service, source: 'tags' };
  }
  const byName = groupOwnerByName(groupId, sources.services);
  return byName ? { service: byName, source: 'convention' } : null;
}

export function groupOwnerByName(groupId: string, services: Iterable<string>): string | null {
  let best: string | null = null;
  for (const service of services) {
    const fits =
      groupId === service || groupId.startsWith(`${service}-`) || groupId.startsWith(`${service}.`);
    if (fits && (best === null || service.length > best.length)) best = service;
  }
  return best;
}

/** The groups each service's tags name, from ECS tags by service name. */
export function taggedGroupsOf(
  tagsByService: Iterable<readonly [string, ServiceTags]>,
): Map<string, readonly string[] | null> {
  return new Map([...tagsByService].map(([service, tags]) => [service, readServiceTags(tags).groups]));
}
