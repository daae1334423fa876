import type {
  AuditActor,
  AuditEntry,
  AuditOutcome,
  AuditPlan,
  AuditRecord,
} from '../../../shared/actions/actionModel';

/**
 * The audit log as people read it: one action per row, not one line per row. An action
 * writes a start line, maybe steps, and an end (or, after a restart, a reconciliation);
 * pages are cut by line, so an action whose start is on an older page shows what the
 * loaded lines say until that page arrives.
 */

export type AuditActionOutcome = AuditOutcome | 'unfinished';

export interface AuditAction {
  actionId: string;
  kind: AuditEntry['kind'];
  /** The newest line of the action: rows are ordered by it, newest first. */
  newestLine: number;
  startedAt: number;
  endedAt: number | null;
  actor: AuditActor;
  /** Where it acted; null for lines written before entries said so. */
  where: AuditEntry['where'];
  environment: string;
  cluster: string | null;
  service: string | null;
  from: AuditEntry['from'];
  to: AuditEntry['to'];
  plan: AuditPlan | null;
  /** How it ended; `unfinished` while no end is recorded (still running, or the console stopped). */
  outcome: AuditActionOutcome;
  message: string | null;
  error: string | null;
  /** The action's lines, oldest first. */
  records: readonly AuditRecord[];
  /** Whether its start line is among the loaded ones. */
  hasStart: boolean;
}

export function groupAuditRecords(records: readonly AuditRecord[]): AuditAction[] {
  const byAction = new Map<string, AuditRecord[]>();
  const seenLines = new Set<number>();
  for (const record of records) {
    // Pages refetched one after another can overlap by a line or two.
    if (seenLines.has(record.line)) continue;
    seenLines.add(record.line);
    const list = byAction.get(record.entry.actionId);
    if (list) list.push(record);
    else byAction.set(record.entry.actionId, [record]);
  }
  return [...byAction.values()]
    .map((list) => toAction(list.sort((a, b) => a.line - b.line)))
    .sort((a, b) => b.newestLine - a.newestLine);
}

function toAction(records: AuditRecord[]): AuditAction {
  const first = records[0] as AuditRecord;
  const newest = records[records.length - 1] as AuditRecord;
  const start = records.find((record) => record.entry.type === 'start')?.entry;
  const settled = [...records]
    .reverse()
    .find((record) => record.entry.type === 'end' || record.entry.type === 'reconciliation')?.entry;
  const lastTo = [...records].reverse().find((record) => record.entry.to !== null)?.entry.to ?? null;
  const base = start ?? first.entry;
  return {
    actionId: base.actionId,
    kind: base.kind,
    newestLine: newest.line,
    startedAt: base.at,
    endedAt: settled?.at ?? null,
    actor: base.actor,
    where: base.where,
    environment: base.environment,
    cluster: base.cluster,
    service: base.service,
    from: base.from,
    to: lastTo,
    plan: start?.plan ?? null,
    outcome: settled?.outcome ?? 'unfinished',
    message: settled?.message ?? base.message,
    error: settled?.error ?? null,
    records,
    hasStart: start !== undefined,
  };
}

export const outcomePresentation: Readonly<
  Record<AuditActionOutcome, { glyph: string; word: string; meaning: string }>
> = {
  succeeded: { glyph: '✓', word: 'succeeded', meaning: 'The action reached its end state.' },
  failed: { glyph: '✖', word: 'failed', meaning: 'The action failed; the error says why.' },
  'timed-out': { glyph: '⏱', word: 'timed out', meaning: 'The rollout did not finish within the timeout.' },
  'not-started': {
    glyph: '○',
    word: 'not started',
    meaning: 'The console stopped before ECS accepted the change; nothing changed.',
  },
  unknown: {
    glyph: '?',
    word: 'unknown',
    meaning: 'The console could not tell how the action ended.',
  },
  unfinished: {
    glyph: '◐',
    word: 'no end yet',
    meaning: 'No end is recorded: the action is under way, or is settled at the next start.',
  },
};

const kindWords: Readonly<Record<AuditEntry['kind'], string>> = {
  rollback: 'Rollback',
  promotion: 'Promotion',
  'sandbox-scenario': 'Sandbox scenario',
};

export function describeKind(kind: AuditEntry['kind']): string {
  return kindWords[kind];
}

/** "payment-service:7 → payment-service:6", or whatever side is known. */
export function describeRevisions(action: Pick<AuditAction, 'from' | 'to'>): string | null {
  if (!action.from && !action.to) return null;
  return `${action.from?.label ?? '?'} → ${action.to?.label ?? '?'}`;
}

/** Who did it, short: the role or user name from an ARN, `sandbox`, or why it is not known. */
export function describeActor(actor: AuditActor): string {
  if (actor.source === 'unavailable') return `unknown (${actor.detail ?? 'no identity'})`;
  const slash = actor.identity.lastIndexOf('/');
  return slash >= 0 && actor.identity.startsWith('arn:') ? actor.identity.slice(slash + 1) : actor.identity;
}
