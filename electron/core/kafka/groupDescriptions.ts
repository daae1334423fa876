import type { IpcError } from '../../../shared/ipc/result';
import type { DescribedGroup } from './kafkaBatchRequests';

/**
 * Group descriptions (state, members, assignments) kept between refreshes, so DescribeGroups
 * goes only to the groups whose membership may have changed: a group not described yet, one
 * whose state as ListGroups v4 lists it differs from the state it was described in, one the
 * commit log shows a new generation of, and every group again after `refreshEveryMs`, which
 * catches a rebalance that went and came back to Stable between two refreshes. A broker that
 * does not list states (ListGroups before v4) has every group described every refresh.
 */

export type Described = { description: DescribedGroup } | { refused: IpcError };

interface Entry {
  described: Described;
  /** The state ListGroups gave when the group was described; null when the broker does not list states. */
  listedState: string | null;
  describedAt: number;
}

export const defaultDescriptionRefreshMs = 60_000;

export class GroupDescriptions {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Set<string>();

  constructor(private readonly refreshEveryMs = defaultDescriptionRefreshMs) {}

  /** Whether the group needs describing now, given the state the broker lists it in. */
  due(groupId: string, listedState: string | null, now: number): boolean {
    const entry = this.entries.get(groupId);
    if (!entry || listedState === null || this.changed.has(groupId)) return true;
    if ('refused' in entry.described) return now - entry.describedAt >= this.refreshEveryMs;
    return entry.listedState !== listedState || now - entry.describedAt >= this.refreshEveryMs;
  }

  store(groupId: string, described: Described, listedState: string | null, now: number): void {
    this.entries.set(groupId, { described, listedState, describedAt: now });
    this.changed.delete(groupId);
  }

  get(groupId: string): Described | undefined {
    return this.entries.get(groupId)?.described;
  }

  /** The group's membership changed (a new generation in the commit log): described at the next refresh. */
  markChanged(groupId: string): void {
    this.changed.add(groupId);
  }

  /** Forgets the groups not listed any more. */
  retain(groupIds: ReadonlySet<string>): void {
    for (const groupId of this.entries.keys()) if (!groupIds.has(groupId)) this.entries.delete(groupId);
  }

  clear(): void {
    this.entries.clear();
    this.changed.clear();
  }
}
