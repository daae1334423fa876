import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import type { ActionPlan, AuditWhere } from '../../../shared/actions/actionModel';
import { spokenDuration } from '../../../shared/time/durationText';
import { ConsoleError } from '../ipc/consoleError';
import type { ServiceTarget } from './serviceTargets';

/** A plan as main keeps it: what was shown, and what running it needs that the renderer never sees. */
export interface StoredPlan {
  plan: ActionPlan;
  target: ServiceTarget;
  /** Where the action will act, for its audit entries. */
  where: AuditWhere;
  /** For promotions: the revision to register. */
  registration: RegisterTaskDefinitionRequest | null;
}

/**
 * Plans live for a few minutes: long enough to read and confirm, short enough that nobody
 * runs a plan made against a fleet that has moved on. Each runs at most once.
 */
export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(
    private readonly now: () => number,
    readonly ttlMs: number,
  ) {}

  put(stored: StoredPlan): void {
    this.prune();
    this.plans.set(stored.plan.id, stored);
  }

  /** The plan, or NOT_FOUND when it is unknown, expired or already run. */
  get(planId: string): StoredPlan {
    const stored = this.plans.get(planId);
    if (!stored || stored.plan.expiresAt <= this.now()) {
      if (stored) this.plans.delete(planId);
      throw new ConsoleError(
        'NOT_FOUND',
        `Plan ${planId} is unknown, expired (plans are kept ${spokenDuration(this.ttlMs)}) or already run: plan again.`,
      );
    }
    return stored;
  }

  delete(planId: string): void {
    this.plans.delete(planId);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, stored] of this.plans) if (stored.plan.expiresAt <= now) this.plans.delete(id);
  }
}
