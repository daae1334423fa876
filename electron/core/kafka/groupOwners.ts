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
  return ownerByName(groupId, sources.knownServices());
}

export function ownerByName(groupId: string, services: readonly string[]): string | null {
  let best: string | null = null;
  for (const service of services) {
    const fits =
      groupId === service || groupId.startsWith(`${service}-`) || groupId.startsWith(`${service}.`);
    if (fits && (best === null || service.length > best.length)) best = service;
  }
  return best;
}
