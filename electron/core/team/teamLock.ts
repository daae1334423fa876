import { randomUUID } from 'node:crypto';
import {
  defaultLeaseMs,
  longestLeaseMs,
  RecordDeduplicator,
  targetKey,
  type ClaimedRecord,
  type LoggedRecord,
  type OperationsHolder,
  type OperationsTarget,
} from './operationsLog';
import type { OperationsLogConnection } from './operationsLogConnection';

/**
 * The team-wide lock on a target, decided by the operations log's order. To claim, a
 * program writes a claim record (acks from every in-sync replica) and then reads the
 * target's partition from the start of the lease window up to its own record. Among the
 * claims it read, the earliest one neither released nor expired holds the lock. Every
 * claimer reads a prefix of the same partition, so two claimers that both read each other's
 * claims agree on which came first; one that reads only its own prefix sees nothing later.
 *
 * Time and clocks. The order is the broker's, never a clock's. Expiry is not: a claim says
 * until when it holds by its writer's clock, and a reader compares that with its own clock
 * at the moment it claimed. The lock therefore assumes the team's clocks agree to well under
 * a lease (NTP keeps them within milliseconds); a reader whose clock runs ahead by more than
 * what remains of a holder's lease sees that lease expired early, and could act beside a
 * live holder. Record timestamps are the writer's time too (CreateTime), which only decides
 * where a read starts: every record before that point is older than the longest lease, so
 * it is expired for any reader whose clock agrees with the writer's.
 */

/** Who holds a target's lock, and since when, as a refused claimer is told. */
export interface LockHolder {
  holder: OperationsHolder;
  actionId: string;
  summary: string;
  /** When the holding claim was first written (renewals keep it), by the holder's clock. */
  since: number;
  leaseExpiresAt: number;
}

interface ClaimChain extends LockHolder {
  /** The offset of the claim that started it: the chain's place in the order. */
  position: number;
  released: boolean;
}

/**
 * The holder of `target`'s lock from these records of its partition (in offset order), at
 * `now` by the reader's clock; null when no claim holds. A claim renewed before it expired
 * (a later claim of the same action) keeps its place and takes the later expiry; one renewed
 * after it expired has lapsed, and the renewal is a new claim in its own place.
 */
export function lockHolder(
  records: readonly LoggedRecord[],
  target: OperationsTarget,
  now: number,
): LockHolder | null {
  const key = targetKey(target);
  const chains = new Map<string, ClaimChain>();
  const started: ClaimChain[] = [];
  for (const { record, offset } of new RecordDeduplicator().firstTimeOnly(records)) {
    if (targetKey(record.target) !== key) continue;
    const chain = chains.get(record.actionId);
    if (record.kind === 'released') {
      if (chain) chain.released = true;
    } else if (record.kind === 'claimed') {
      const expiry = leaseEnd(record);
      if (chain && !chain.released && record.at <= chain.leaseExpiresAt) {
        chain.leaseExpiresAt = Math.max(chain.leaseExpiresAt, expiry);
      } else {
        const next: ClaimChain = {
          holder: record.holder,
          actionId: record.actionId,
          summary: record.summary,
          since: record.at,
          leaseExpiresAt: expiry,
          position: offset,
          released: false,
        };
        chains.set(record.actionId, next);
        started.push(next);
      }
    }
  }
  const holding = started
    .filter((chain) => !chain.released && chain.leaseExpiresAt > now && chains.get(chain.actionId) === chain)
    .sort((a, b) => a.position - b.position)[0];
  if (!holding) return null;
  const { holder, actionId, summary, since, leaseExpiresAt } = holding;
  return { holder, actionId, summary, since, leaseExpiresAt };
}

/** A claim's expiry, never further than the longest lease from when it was written. */
function leaseEnd(claim: ClaimedRecord): number {
  return Math.min(claim.leaseExpiresAt, claim.at + longestLeaseMs);
}

/** The lease ran out before the holder renewed it: another program may hold the lock now. */
export class LeaseLapsed extends Error {
  override name = 'LeaseLapsed';
}

export interface ClaimRequest {
  actionId: string;
  target: OperationsTarget;
  /** What the action will do, for whoever is refused ("roll back payment-service :4 → :3"). */
  summary: string;
}

export type ClaimOutcome =
  | { held: true; lease: HeldLease }
  | {
      held: false;
      holder: LockHolder;
      /** Whether the losing claim's withdrawal reached the log; if not, it blocks others until its lease ends. */
      withdrawn: boolean;
    };

export interface TeamLockOptions {
  log: OperationsLogConnection;
  holder: OperationsHolder;
  leaseMs?: number;
  /** The reader's clock (epoch ms). */
  now?: () => number;
  newRecordId?: () => string;
}

export class TeamLock {
  private readonly leaseMs: number;
  private readonly now: () => number;
  private readonly newRecordId: () => string;

  constructor(private readonly options: TeamLockOptions) {
    this.leaseMs = Math.min(Math.max(options.leaseMs ?? defaultLeaseMs, 1), longestLeaseMs);
    this.now = options.now ?? Date.now;
    this.newRecordId = options.newRecordId ?? randomUUID;
  }

  /**
   * Claims `request.target` for the action. Resolves with the held lease, or with the
   * holder when an earlier claim holds; the losing claim is then withdrawn at once, so it
   * blocks nobody after the holder releases. Throws when the log cannot be written or read:
   * the lock is then neither held nor refused, and the caller must not act as if it were.
   */
  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    const { log } = this.options;
    const at = this.now();
    const own = await log.append(this.claimRecord(request, at));
    let winner: LockHolder | null;
    try {
      const windowStart = await log.offsetAtTime(own.partition, at - longestLeaseMs);
      const records = await log.read(own.partition, Math.min(windowStart, own.offset), own.offset);
      if (!records.some((logged) => logged.offset === own.offset))
        throw new Error(
          `The claim written at offset ${own.offset} of partition ${own.partition} could not be read back`,
        );
      winner = lockHolder(records, request.target, at);
    } catch (error) {
      // Undecided: take the claim back if the log still takes writes, so it blocks nobody.
      await this.release(request, 'withdrawn').catch(() => undefined);
      throw error;
    }
    if (winner?.actionId === request.actionId)
      return {
        held: true,
        lease: new HeldLease(this, request, at + this.leaseMs),
      };
    if (!winner)
      throw new Error(`The claim for ${targetKey(request.target)} holds nothing though it is not expired`);
    const withdrawn = await this.release(request, 'withdrawn').then(
      () => true,
      () => false,
    );
    return { held: false, holder: winner, withdrawn };
  }

  /** Writes a renewal of the action's claim; resolves with the new expiry. */
  async renew(request: ClaimRequest, leaseExpiresAt: number): Promise<number> {
    const at = this.now();
    if (at > leaseExpiresAt)
      throw new LeaseLapsed(
        `The lease on ${targetKey(request.target)} ran out ${at - leaseExpiresAt} ms before it was renewed; ` +
          'another program may hold the lock now',
      );
    const renewal = this.claimRecord(request, at);
    await this.options.log.append(renewal);
    return renewal.leaseExpiresAt;
  }

  /** A claim, or the renewal of one: the same action id with a later expiry. */
  private claimRecord(request: ClaimRequest, at: number): ClaimedRecord {
    return {
      v: 1,
      kind: 'claimed',
      recordId: this.newRecordId(),
      actionId: request.actionId,
      target: request.target,
      holder: this.options.holder,
      at,
      leaseExpiresAt: at + this.leaseMs,
      summary: request.summary,
    };
  }

  async release(request: ClaimRequest, reason: 'finished' | 'withdrawn' | 'abandoned'): Promise<void> {
    await this.options.log.append({
      v: 1,
      kind: 'released',
      recordId: this.newRecordId(),
      actionId: request.actionId,
      target: request.target,
      holder: this.options.holder,
      at: this.now(),
      reason,
    });
  }
}

/** A claim that holds the lock: renew it while the action runs, release it when it is over. */
export class HeldLease {
  constructor(
    private readonly lock: TeamLock,
    readonly request: ClaimRequest,
    private expiresAt: number,
  ) {}

  get leaseExpiresAt(): number {
    return this.expiresAt;
  }

  /** Throws LeaseLapsed when the lease already ran out by this program's clock. */
  async renew(): Promise<void> {
    this.expiresAt = await this.lock.renew(this.request, this.expiresAt);
  }

  async release(reason: 'finished' | 'abandoned' = 'finished'): Promise<void> {
    await this.lock.release(this.request, reason);
  }
}
