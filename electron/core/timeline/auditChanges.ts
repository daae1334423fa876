import { stat } from 'node:fs/promises';
import type { AuditEntry, AuditOutcome, AuditRecord } from '../../../shared/actions/actionModel';
import { capitalise } from '../../../shared/capitalise';
import type { TimelineEntry, TimelineSeverity } from '../../../shared/timeline/timelineModel';

/**
 * The console's own actions on the timeline: a rollback, a promotion or a sandbox scenario
 * starting and ending, from the audit log. The log is a file other processes (the CLI) append
 * to as well, so it is followed by looking at it, not by hooking the appends of this one;
 * and since they may act on other fleets, only entries of the console's own source are passed on.
 */

/** What each kind of action is called in a sentence. */
export const auditKindWords: Record<AuditEntry['kind'], string> = {
  rollback: 'rollback',
  promotion: 'promotion',
  'sandbox-scenario': 'sandbox scenario',
};

const outcomeSeverity: Record<AuditOutcome, TimelineSeverity> = {
  succeeded: 'ok',
  failed: 'error',
  'timed-out': 'error',
  'not-started': 'warning',
  unknown: 'warning',
};

/** The timeline's entry for an audit log entry; null for the steps in between, which only a restart needs. */
export function auditTimelineEntry(entry: AuditEntry): TimelineEntry | null {
  if (entry.type === 'step') return null;
  const what = `${auditKindWords[entry.kind]}${entry.service ? ` of ${entry.service}` : ''}`;
  const revisions =
    entry.from || entry.to ? ` (${entry.from?.label ?? '?'} → ${entry.to?.label ?? '?'})` : '';
  const by = entry.actor.identity;
  let title: string;
  let severity: TimelineSeverity;
  if (entry.type === 'start') {
    title = `${capitalise(what)}${revisions} started by ${by}`;
    severity = 'info';
  } else {
    const outcome = entry.outcome ?? 'unknown';
    const settled = entry.type === 'reconciliation' ? ' (settled after a restart)' : '';
    title = `${capitalise(what)}${revisions} ${outcome.replace('-', ' ')}${settled}`;
    severity = outcomeSeverity[outcome];
  }
  return {
    id: `audit|${entry.id}`,
    at: entry.at,
    kind: 'audit',
    severity,
    environment: entry.environment,
    cluster: entry.cluster,
    service: entry.service,
    group: null,
    title,
    detail: [entry.message, entry.error].filter((part) => part !== null && part !== '').join(' — '),
  };
}

export type AuditListener = (entry: AuditEntry) => void;

/** What following needs of the audit log (electron/core/audit/auditLog.ts's AuditLog has both). */
export interface ReadableAuditLog {
  readonly path: string;
  read(): Promise<{ records: AuditRecord[] }>;
}

export interface AuditFollowerOptions {
  /** How often the file is looked at; it is read only when its size or time changed. Default 2 s. */
  intervalMs?: number;
  now?: () => number;
  /** Entries older than this when first read are not passed on. Default 24 h. */
  retentionMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (error: unknown) => void;
  /** Which entries belong to the fleet the timeline is about; default every entry. */
  scope?: () => Promise<(entry: AuditEntry) => boolean>;
}

/**
 * Passes on each entry appended to the audit log: on the first look, those of the last
 * `retentionMs`; after that, each new line once. Lines are never rewritten, so the line
 * number says what is new.
 */
export class AuditLogFollower {
  private readonly listeners = new Set<AuditListener>();
  private readonly now: () => number;
  private lastLine = 0;
  private lastStamp: string | null = null;
  private timer: unknown = null;
  private reading: Promise<void> = Promise.resolve();
  private running = false;
  private stopped = false;

  constructor(
    private readonly log: ReadableAuditLog,
    private readonly options: AuditFollowerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    if (!this.running && !this.stopped) {
      this.running = true;
      void this.look();
    }
    return () => {
      this.listeners.delete(listener);
      // Nobody left to tell: stop looking until someone subscribes again.
      if (this.listeners.size === 0) this.pause();
    };
  }

  /** Looks at the file now; resolves once anything new was passed on (by this look or one already under way). */
  async look(): Promise<void> {
    this.clearTimer();
    // One look at a time: two at once could both pass on the same new lines.
    const reading = this.reading
      .then(() => this.readNew())
      .catch((error: unknown) => this.options.onError?.(error));
    this.reading = reading;
    await reading;
    this.clearTimer();
    if (this.running && !this.stopped)
      this.timer = (this.options.setTimer ?? setTimeout)(
        () => void this.look(),
        this.options.intervalMs ?? 2000,
      );
  }

  private clearTimer(): void {
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as never);
    this.timer = null;
  }

  close(): void {
    this.stopped = true;
    this.listeners.clear();
    this.pause();
  }

  private pause(): void {
    this.running = false;
    this.clearTimer();
  }

  private async readNew(): Promise<void> {
    const stamp = await fileStamp(this.log.path);
    if (stamp === this.lastStamp) return;
    const { records } = await this.log.read();
    const inScope = this.options.scope ? await this.options.scope() : () => true;
    this.lastStamp = stamp;
    const first = this.lastLine === 0;
    const since = this.now() - (this.options.retentionMs ?? 24 * 60 * 60_000);
    for (const record of records) {
      if (record.line <= this.lastLine) continue;
      this.lastLine = record.line;
      if (first && record.entry.at < since) continue;
      if (!inScope(record.entry)) continue;
      for (const listener of this.listeners) listener(record.entry);
    }
  }
}

async function fileStamp(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
