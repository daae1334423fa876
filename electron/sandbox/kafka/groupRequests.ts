/** What group members ask the coordinator and what it answers, shared by the wire handlers and the simulation. */

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinRequest {
  groupId: string;
  /** Empty for a member joining for the first time. */
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  /** -1 (JoinGroup v0): the session timeout. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: readonly GroupProtocol[];
  /** In-process members choose their id; network clients get `<clientId>-<uuid>` as from Kafka. */
  newMemberId?: string;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** The members and their metadata for the chosen protocol: only the leader gets them. */
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** The leader's assignment of every member; empty from followers. */
  assignments: ReadonlyArray<{ memberId: string; assignment: Buffer }>;
}

export interface SyncResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface GroupMemberView {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** The member's metadata for the chosen protocol; empty unless the group is Stable. */
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupView {
  groupId: string;
  state: GroupState;
  generationId: number;
  protocolType: string;
  /** The chosen protocol (assignor) while Stable; empty otherwise, as Kafka describes it. */
  protocolName: string;
  leaderId: string | null;
  members: GroupMemberView[];
}
