/**
 * What a real cluster does now and then that a calm simulated broker never would, set by
 * tests: a group whose coordinator is loading or has moved, answered with its error inside an
 * otherwise good batched answer, and a broker of an older release that serves some APIs only
 * up to a lower version, during a rolling upgrade.
 */

/** The APIs whose answers carry an error per group. */
export type GroupErrorApi = 'FindCoordinator' | 'OffsetFetch' | 'DescribeGroups';

/**
 * How a broker of an older release is seen: `own`, it says its lower versions in ApiVersions;
 * `newer`, the client was told the newer versions by another broker of the same cluster (as
 * kafkajs gives every broker the versions its first broker told), so it sends them and the
 * older broker closes the connection.
 */
export type AdvertisedVersions = 'own' | 'newer';

interface GroupFault {
  errorCode: number;
  /** Answers left to give with the error. */
  remaining: number;
}

export class BrokerFaults {
  private readonly groupFaults = new Map<GroupErrorApi, Map<string, GroupFault>>();
  private readonly versionLimits = new Map<string, { maxVersion: number; advertised: AdvertisedVersions }>();

  /** Answers the group with `errorCode` in `api`'s answers, `times` times (default every time until cleared). */
  failGroup(api: GroupErrorApi, groupId: string, errorCode: number, times = Number.POSITIVE_INFINITY): void {
    let faults = this.groupFaults.get(api);
    if (!faults) this.groupFaults.set(api, (faults = new Map<string, GroupFault>()));
    faults.set(groupId, { errorCode, remaining: times });
  }

  /** Serves `api` (its name, "OffsetFetch") only up to `maxVersion`, as a broker of an older release. */
  serveUpTo(api: string, maxVersion: number, advertised: AdvertisedVersions = 'own'): void {
    this.versionLimits.set(api, { maxVersion, advertised });
  }

  /** Back to a calm broker of the current release. */
  clear(): void {
    this.groupFaults.clear();
    this.versionLimits.clear();
  }

  /** The error to answer the group with this time, if any; each answer given uses one up. */
  groupError(api: GroupErrorApi, groupId: string): number | null {
    const faults = this.groupFaults.get(api);
    const fault = faults?.get(groupId);
    if (!faults || !fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.delete(groupId);
    return fault.errorCode;
  }

  /** The highest version of `api` the broker serves. */
  servedMaxVersion(api: { name: string; maxVersion: number }): number {
    const limit = this.versionLimits.get(api.name);
    return limit ? Math.min(limit.maxVersion, api.maxVersion) : api.maxVersion;
  }

  /** The highest version of `api` ApiVersions names. */
  advertisedMaxVersion(api: { name: string; maxVersion: number }): number {
    const limit = this.versionLimits.get(api.name);
    return limit?.advertised === 'own' ? this.servedMaxVersion(api) : api.maxVersion;
  }
}
