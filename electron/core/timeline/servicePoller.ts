import type { ServiceSummary } from '../../../shared/fleet/fleetModel';

/**
 * Asks a question about services on a schedule, a few at a time: services in trouble
 * (deploying, degraded, failed) often, the others now and then or never. What the error-rate
 * and the service-event watchers of the timeline share.
 */

export interface ServicePollerOptions {
  /** The fleet as last read. */
  services: () => Iterable<ServiceSummary>;
  ask: (service: ServiceSummary, signal: AbortSignal) => Promise<void>;
  /** How often services in trouble are asked about. */
  troubledIntervalMs: number;
  /** How often every other service is; null: never. */
  sweepIntervalMs: number | null;
  /** Questions at once; default 2. */
  concurrency?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (service: ServiceSummary, error: unknown) => void;
}

export function isTroubled(service: ServiceSummary): boolean {
  return service.health !== 'healthy' && service.health !== 'stale';
}

export class ServicePoller {
  private readonly lastAsked = new Map<string, number>();
  private readonly abort = new AbortController();
  private timer: unknown = null;
  private stopped = false;
  private checking: Promise<void> | null = null;

  constructor(private readonly options: ServicePollerOptions) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as never);
    this.timer = null;
  }

  /** Asks about every service that is due now; resolves when the answers are in. */
  check(): Promise<void> {
    this.checking ??= this.checkDue().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = (this.options.setTimer ?? setTimeout)(() => {
      this.timer = null;
      void this.check().then(() => this.schedule(this.options.troubledIntervalMs));
    }, ms);
  }

  private due(now: number): ServiceSummary[] {
    const { troubledIntervalMs, sweepIntervalMs } = this.options;
    return [...this.options.services()].filter((service) => {
      const troubled = isTroubled(service);
      if (!troubled && sweepIntervalMs === null) return false;
      const last = this.lastAsked.get(service.key);
      if (last === undefined) return true;
      // A little slack, so a service due on the next tick is not left for a whole interval.
      return now - last >= (troubled ? troubledIntervalMs : sweepIntervalMs!) - 1000;
    });
  }

  private async checkDue(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const queue = this.due(now);
    const worker = async () => {
      for (let service = queue.shift(); service && !this.stopped; service = queue.shift()) {
        this.lastAsked.set(service.key, now);
        try {
          await this.options.ask(service, this.abort.signal);
        } catch (error) {
          if (!this.stopped) this.options.onError?.(service, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 2) }, worker));
  }
}
