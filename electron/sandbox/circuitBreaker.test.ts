import { describe, expect, it } from 'vitest';
import { circuitBreakerThreshold } from './circuitBreaker';

describe('circuit breaker threshold', () => {
  it.each([
    [1, 3],
    [2, 3],
    [7, 4],
    [10, 5],
    [399, 200],
    [1000, 200],
  ])('is half of %i desired tasks, bounded to 3..200: %i', (desired, threshold) => {
    expect(
      circuitBreakerThreshold({ deploymentCircuitBreaker: { enable: true, rollback: true } }, desired),
    ).toBe(threshold);
  });

  it('follows a thresholdConfiguration when one is set', () => {
    const breaker = (type: 'COUNT' | 'UNBOUNDED_PERCENT', value: number) => ({
      deploymentCircuitBreaker: { enable: true, rollback: true, thresholdConfiguration: { type, value } },
    });
    expect(circuitBreakerThreshold(breaker('COUNT', 1), 10)).toBe(1);
    expect(circuitBreakerThreshold(breaker('UNBOUNDED_PERCENT', 10), 1000)).toBe(100);
  });
});
