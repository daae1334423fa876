import { createHash } from 'node:crypto';
import type { SimService } from '../ecsModel';
import { isHealthy } from '../taskLifecycle';

/**
 * How busy each service is. A service has a steady demand, sized so the tasks it started
 * with run at 20–40 % CPU (and 40–60 % memory); a load scenario replaces that demand for a
 * while. CPU is the demand shared by the healthy tasks, so adding tasks brings it down:
 * that is what target tracking relies on.
 */

export interface LoadLevel {
  /** Average CPU utilization of the service's healthy tasks, 0–100. */
  cpuPercent: number;
  memoryPercent: number;
}

interface ExtraLoad {
  /** CPU demand in percent of one task: 300 keeps three tasks fully busy. */
  demand: number;
  until: number;
}

interface Baseline {
  cpuPercent: number;
  memoryPercent: number;
  /** Tasks the steady demand was sized for. */
  tasks: number;
}

/** Memory climbs with CPU above the baseline, at this share. */
const memoryPerCpu = 0.2;

export class ServiceLoad {
  private readonly baselines = new WeakMap<SimService, Baseline>();
  private readonly loads = new WeakMap<SimService, ExtraLoad>();

  constructor(private readonly seed: number) {}

  /**
   * From now until `durationMs` later, the service gets `percent` of what its healthy tasks
   * can serve: 150 needs half as many tasks again.
   */
  applyLoad(service: SimService, percent: number, durationMs: number, now: number): void {
    this.baselineOf(service);
    const tasks = Math.max(1, service.tasks.filter(isHealthy).length);
    this.loads.set(service, { demand: percent * tasks, until: now + durationMs });
  }

  /** Whether a load scenario is still running on the service at `at`. */
  isLoaded(service: SimService, at: number): boolean {
    const load = this.loads.get(service);
    return load !== undefined && at < load.until;
  }

  /** The service's load at `at`, shared by the healthy tasks it runs now; null without a healthy task (no data). */
  levelOf(service: SimService, at: number): LoadLevel | null {
    const healthy = service.tasks.filter(isHealthy).length;
    if (healthy === 0) return null;
    const baseline = this.baselineOf(service);
    const load = this.loads.get(service);
    const demand = load !== undefined && at < load.until ? load.demand : baseline.cpuPercent * baseline.tasks;
    const cpuPercent = Math.min(100, demand / healthy);
    const memoryPercent = Math.min(
      100,
      baseline.memoryPercent + memoryPerCpu * Math.max(0, cpuPercent - baseline.cpuPercent),
    );
    return { cpuPercent: round(cpuPercent), memoryPercent: round(memoryPercent) };
  }

  /** The steady demand is fixed the first time a service is seen, from the seed and its name. */
  private baselineOf(service: SimService): Baseline {
    let baseline = this.baselines.get(service);
    if (!baseline) {
      const digest = createHash('sha256')
        .update(`${this.seed}/${service.clusterName}/${service.name}`)
        .digest();
      baseline = {
        cpuPercent: 20 + (digest[0]! % 21),
        memoryPercent: 40 + (digest[1]! % 21),
        tasks: Math.max(1, service.service.desiredCount ?? 1),
      };
      this.baselines.set(service, baseline);
    }
    return baseline;
  }
}

const round = (value: number): number => Math.round(value * 100) / 100;
