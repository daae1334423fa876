/** How long things take in the simulation, in milliseconds of simulation time. */
export interface SandboxPace {
  /** PROVISIONING → PENDING. */
  provisioningMs: number;
  /** PENDING → ACTIVATING (the image pull). */
  pendingMs: number;
  /** ACTIVATING → RUNNING. */
  activatingMs: number;
  /** RUNNING → the container health check's verdict. */
  healthCheckMs: number;
  /** From a stop request to STOPPED (DEACTIVATING, STOPPING, DEPROVISIONING). */
  stoppingMs: number;
  /** Mean time between background task replacements on healthy services; 0 turns them off. */
  backgroundReplacementMs: number;
  /** How often the sandbox's timer advances the simulation. */
  tickMs: number;
  /** How often a simulated Kafka consumer heartbeats; it hears of a rebalance at its next heartbeat. */
  consumerHeartbeatMs: number;
  /** How long the coordinator waits for a silent simulated consumer (a crashed task) before dropping it. */
  consumerSessionTimeoutMs: number;
  /** How often a simulated consumer commits its offsets. */
  consumerCommitIntervalMs: number;
}

/**
 * Fast enough to watch: a task runs about 1.5 s after launch and gets its health verdict
 * about 2.5 s later, so a bad deploy shows failing tasks within seconds and the circuit
 * breaker's rollback settles in well under a minute.
 */
export const livelyPace: SandboxPace = {
  provisioningMs: 400,
  pendingMs: 600,
  activatingMs: 500,
  healthCheckMs: 2500,
  stoppingMs: 1500,
  backgroundReplacementMs: 20_000,
  tickMs: 200,
  consumerHeartbeatMs: 3000,
  consumerSessionTimeoutMs: 10_000,
  consumerCommitIntervalMs: 1000,
};

/** For tests on the real clock: the same story about ten times faster. */
export const fastPace: SandboxPace = {
  provisioningMs: 40,
  pendingMs: 60,
  activatingMs: 50,
  healthCheckMs: 250,
  stoppingMs: 150,
  backgroundReplacementMs: 0,
  tickMs: 25,
  consumerHeartbeatMs: 300,
  consumerSessionTimeoutMs: 1000,
  consumerCommitIntervalMs: 100,
};

export function resolvePace(
  overrides: Partial<SandboxPace> | undefined,
  base: SandboxPace = livelyPace,
): SandboxPace {
  const pace = { ...base, ...overrides };
  for (const [name, value] of Object.entries(pace)) {
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`Sandbox pace ${name} must be a non-negative number of milliseconds (got ${value})`);
  }
  if (pace.tickMs === 0) throw new Error('Sandbox pace tickMs must be above 0');
  return pace;
}
