import { groupOwnerByName } from '../../../shared/topology/serviceTags';

/**
 * Which ECS service a consumer group belongs to, so a lagging group points at the service
 * to look at. In order: the cluster's `groupOwners` config; then the naming convention — the
 * group id is a service name, or a service name followed by `-suffix` or `.suffix`, taking
 * the longest known name that fits.
 */

export interface GroupOwnerSources {
  /** group id → service, from the cluster's config. */
  configured?: Readonly<Record<string, string>>;
  /** The service names the fleet knows, asked for each time (the fleet changes). */
  knownServices: () => readonly string[];
}

export function groupOwner(groupId: string, sources: GroupOwnerSources): string | null {
  // hasOwn: a group named "constructor" is not configured by Object.prototype.
  if (sources.configured && Object.hasOwn(sources.configured, groupId)) return sources.configured[groupId]!;
  return groupOwnerByName(groupId, sources.knownServices());
}
