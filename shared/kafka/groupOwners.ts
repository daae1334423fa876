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
  return groupOwnerResolver(sources)(groupId);
}

/**
 * `resolveGroupOwner` for many groups against the same sources: the services and their
 * tags are indexed once, so each group costs a few lookups rather than a pass over a fleet
 * of thousands of services.
 */
export function groupOwnerResolver(sources: GroupOwnerSources): (groupId: string) => GroupOwner | null {
  const tagged = new Map<string, string>();
  for (const [service, groups] of sources.taggedGroups ?? []) {
    // The first service in the fleet's order that names the group owns it.
    for (const groupId of groups ?? []) if (!tagged.has(groupId)) tagged.set(groupId, service);
  }
  const services = new Set(sources.services);
  return (groupId) => {
    // hasOwn: a group named "constructor" is not configured by Object.prototype.
    if (sources.configured && Object.hasOwn(sources.configured, groupId))
      return { service: sources.configured[groupId]!, source: 'config' };
    const taggedBy = tagged.get(groupId);
    if (taggedBy !== undefined) return { service: taggedBy, source: 'tags' };
    const byName = longestServicePrefix(groupId, services);
    return byName ? { service: byName, source: 'convention' } : null;
  };
}

export function groupOwnerByName(groupId: string, services: Iterable<string>): string | null {
  return longestServicePrefix(groupId, new Set(services));
}

/** The longest service that is the group id, or the group id's part before a "-" or "." (the longest such part first). */
function longestServicePrefix(groupId: string, services: ReadonlySet<string>): string | null {
  if (services.has(groupId)) return groupId;
  for (let end = groupId.length - 1; end > 0; end--) {
    const character = groupId[end];
    if (character !== '-' && character !== '.') continue;
    const prefix = groupId.slice(0, end);
    if (services.has(prefix)) return prefix;
  }
  return null;
}

/** The groups each service's tags name, from ECS tags by service name. */
export function taggedGroupsOf(
  tagsByService: Iterable<readonly [string, ServiceTags]>,
): Map<string, readonly string[] | null> {
  return new Map([...tagsByService].map(([service, tags]) => [service, readServiceTags(tags).groups]));
}
