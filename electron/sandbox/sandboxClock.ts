/** Where the simulation reads the time from, in epoch milliseconds. */
export interface SandboxClock {
  now(): number;
}

export const systemClock: SandboxClock = { now: () => Date.now() };

/**
 * A clock that moves only when told to. Tests and benchmarks use it to drive the
 * simulation step by step (see `Sandbox.advance`).
 */
export class ManualClock implements SandboxClock {
  private current: number;

  constructor(start: number = Date.UTC(2025, 5, 2, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`A clock only moves forward (asked to move ${ms} ms)`);
    this.current += ms;
  }
}
