import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './pollBackoff';

const options = { baseMs: 5000, capMs: 60_000, floorMs: 1000 };

describe('backoffDelayMs', () => {
  it.each([
    // failures, random, delay
    [1, 1, 10_000],
    [2, 1, 20_000],
    [3, 1, 40_000],
    [4, 1, 60_000],
    [30, 1, 60_000],
    [1, 0.5, 5000],
    [3, 0.25, 10_000],
    [1, 0, 1000],
    [0, 1, 10_000],
  ])('after %i failures with random %d waits %i ms', (consecutiveFailures, random, expected) => {
    expect(backoffDelayMs({ ...options, consecutiveFailures, random: () => random })).toBe(expected);
  });

  it('stays within floor and cap for any draw', () => {
    for (let failures = 1; failures < 12; failures++) {
      for (const draw of [0, 0.01, 0.3, 0.7, 0.999]) {
        const delay = backoffDelayMs({ ...options, consecutiveFailures: failures, random: () => draw });
        expect(delay).toBeGreaterThanOrEqual(1000);
        expect(delay).toBeLessThanOrEqual(60_000);
      }
    }
  });
});
