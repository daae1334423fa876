import type { LogLine } from '../../../shared/logs/logModel';
import type { ServiceTaskScope } from './serviceTaskScope';

/**
 * Lets through the lines of the tail's own tasks. A line from a task the scope does not know
 * yet (a task that just started) waits, with everything after it so order is kept, until ECS
 * has been asked again; lines of tasks that are still unknown then belong elsewhere and are
 * counted as excluded. If ECS cannot be asked, held lines are let through rather than lost.
 */

export interface ScopedIntakeOptions {
  scope: ServiceTaskScope | null;
  deliver: (lines: LogLine[]) => void;
  exclude: (count: number) => void;
  now: () => number;
  /** ECS is asked at most this often; default 2000 ms. */
  minRefreshMs?: number;
  /** Lines held at most while waiting; default 5000. */
  heldLimit?: number;
}

const foreignLimit = 2000;

export class ScopedIntake {
  private held: LogLine[] = [];
  private readonly foreign = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private readonly abort = new AbortController();

  constructor(private readonly options: ScopedIntakeOptions) {}

  offer(lines: readonly LogLine[]): void {
    const scope = this.options.scope;
    if (!scope) {
      this.options.deliver([...lines]);
      return;
    }
    if (this.held.length > 0) {
      this.hold(lines);
      return;
    }
    const { ready, excluded, rest } = this.sort(lines, scope, false);
    if (ready.length > 0) this.options.deliver(ready);
    if (excluded > 0) this.options.exclude(excluded);
    if (rest.length > 0) {
      this.hold(rest);
      this.scheduleRefresh(scope);
    }
  }

  close(): void {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private sort(
    lines: readonly LogLine[],
    scope: ServiceTaskScope,
    settle: boolean,
  ): { ready: LogLine[]; excluded: number; rest: LogLine[] } {
    const ready: LogLine[] = [];
    let excluded = 0;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (line.taskId === null || scope.has(line.taskId)) ready.push(line);
      else if (this.foreign.has(line.taskId)) excluded++;
      else if (settle) {
        this.rememberForeign(line.taskId);
        excluded++;
      } else return { ready, excluded, rest: lines.slice(index) };
    }
    return { ready, excluded, rest: [] };
  }

  private hold(lines: readonly LogLine[]): void {
    this.held.push(...lines);
    const limit = this.options.heldLimit ?? 5000;
    if (this.held.length > limit) this.held.splice(0, this.held.length - limit);
  }

  private scheduleRefresh(scope: ServiceTaskScope): void {
    if (this.timer || this.abort.signal.aborted) return;
    const wait = Math.max(0, this.lastRefreshAt + (this.options.minRefreshMs ?? 2000) - this.options.now());
    this.timer = setTimeout(() => {
      void scope
        .refresh(this.abort.signal)
        .then(
          () => this.release(scope, true),
          () => this.release(scope, null),
        )
        .finally(() => {
          this.lastRefreshAt = this.options.now();
          this.timer = null;
        });
    }, wait);
  }

  /** `settle`: unknown tasks are foreign now; null: ECS did not answer, so everything held goes through. */
  private release(scope: ServiceTaskScope, settle: true | null): void {
    if (this.abort.signal.aborted) return;
    const held = this.held;
    this.held = [];
    if (settle === null) {
      this.options.deliver(held);
      return;
    }
    const { ready, excluded } = this.sort(held, scope, true);
    if (ready.length > 0) this.options.deliver(ready);
    if (excluded > 0) this.options.exclude(excluded);
  }

  private rememberForeign(taskId: string): void {
    this.foreign.add(taskId);
    if (this.foreign.size > foreignLimit) this.foreign.delete(this.foreign.values().next().value!);
  }
}
