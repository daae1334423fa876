import type { SimService } from '../ecsModel';

/**
 * What a service's traffic, errors, latency and resource use were over a window of
 * simulated time, computed from the seed, the clock and the tasks the fleet records: no
 * history is stored for metrics. Tasks whose image is broken serve 5XX while they run, so a
 * bad deploy raises the error rate, the tail latency and CPU, and a rollback (or a good
 * release) replaces them and the figures come back.
 */
export interface ServiceLoad {
  requests: number;
  errors5xx: number;
  /** Seconds; null when no task served traffic. */
  latency: { p50: number; p99: number; average: number } | null;
  /** Percent of the reserved CPU and memory; null when no task ran. */
  cpu: number | null;
  memory: number | null;
  /** Average number of targets over the window. */
  healthyHosts: number;
  unhealthyHosts: number;
}

/** The fixed character of one service: its traffic, error floor, latency and resource use. */
export interface ServiceProfile {
  readonly hash: number;
  readonly requestsPerMinute: number;
  readonly baseErrorRate: number;
  readonly p50Seconds: number;
  readonly p99Factor: number;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly dailyPhase: number;
}

const dayMs = 24 * 60 * 60 * 1000;
/** Share of a broken task's answers that are 5XX; the rest are slow successes. */
const brokenErrorShare = 0.9;
/** Extra p99 while every target is broken: requests wait for upstream timeouts. */
const brokenTailSeconds = 6;

export function serviceProfile(
  seed: number,
  clusterName: string,
  serviceName: string,
  staging: boolean,
): ServiceProfile {
  const hash = hashText(`${seed}|${clusterName}|${serviceName}`);
  const unit = (salt: number): number => unitOf(mix(hash, salt));
  return {
    hash,
    requestsPerMinute: (600 + unit(1) * 5400) * (staging ? 0.05 : 1),
    baseErrorRate: 0.0005 + unit(2) * 0.0025,
    p50Seconds: 0.015 + unit(3) * 0.06,
    p99Factor: 3 + unit(4) * 3,
    cpuPercent: 15 + unit(5) * 30,
    memoryPercent: 30 + unit(6) * 30,
    dailyPhase: unit(7) * 2 * Math.PI,
  };
}

/** The service's load over [start, end), epoch ms; `end` must not be past the clock. */
export function serviceLoad(
  service: SimService,
  profile: ServiceProfile,
  start: number,
  end: number,
): ServiceLoad {
  const span = end - start;
  let healthyHosts = 0;
  let brokenHosts = 0;
  for (const { task, outcome } of service.tasks) {
    const servingFrom = task.startedAt?.getTime();
    if (servingFrom === undefined) continue;
    const servingUntil = task.stoppingAt?.getTime() ?? task.stoppedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    const overlap = Math.min(end, servingUntil) - Math.max(start, servingFrom);
    if (overlap <= 0) continue;
    if (outcome === 'healthy') healthyHosts += overlap / span;
    else brokenHosts += overlap / span;
  }
  const hosts = healthyHosts + brokenHosts;
  if (hosts === 0)
    return {
      requests: 0,
      errors5xx: 0,
      latency: null,
      cpu: null,
      memory: null,
      healthyHosts: 0,
      unhealthyHosts: 0,
    };

  const bucket = Math.floor(start / 1000);
  const daily = 1 + 0.35 * Math.sin((2 * Math.PI * (start % dayMs)) / dayMs + profile.dailyPhase);
  const noise = 0.92 + 0.16 * unitOf(mix(profile.hash, bucket));
  const requests = Math.round(profile.requestsPerMinute * (span / 60_000) * daily * noise);
  const brokenShare = brokenHosts / hosts;
  const errorRate = profile.baseErrorRate + brokenShare * brokenErrorShare;
  const p50 = profile.p50Seconds * (1 + 2 * brokenShare) * (0.95 + 0.1 * noise);
  const p99 = p50 * profile.p99Factor + brokenShare * brokenTailSeconds;
  const desired = Math.max(1, service.service.desiredCount ?? 1);
  // Fewer healthy targets than wanted means each carries more of the traffic.
  const crowding = Math.min(3, Math.max(0.5, desired / Math.max(healthyHosts, 0.5)));
  return {
    requests,
    errors5xx: Math.round(requests * Math.min(1, errorRate)),
    latency: { p50, p99, average: p50 * 1.25 + (p99 - p50) * 0.03 + brokenShare * 2 },
    cpu: Math.min(100, profile.cpuPercent * daily * noise * crowding + 60 * brokenShare),
    memory: Math.min(100, profile.memoryPercent * (0.97 + 0.06 * noise) + 25 * brokenShare),
    healthyHosts,
    unhealthyHosts: brokenHosts,
  };
}

/** FNV-1a: a stable 32-bit number for a text. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes two integers into a well-spread 32-bit one (the mulberry32 finaliser). */
function mix(a: number, b: number): number {
  let t = (a ^ Math.imul(b | 0, 0x9e3779b1)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

function unitOf(value: number): number {
  return value / 4294967296;
}
