import { describe, expect, it } from 'vitest';
import { fleetShape, linearity } from './ecsBench';

describe('fleet shapes', () => {
  it('spreads the services over the clusters, never more clusters than services', () => {
    expect(fleetShape(10_000, 10)).toEqual({ clusters: 10, servicesPerCluster: 1000 });
    expect(fleetShape(5, 10)).toEqual({ clusters: 5, servicesPerCluster: 1 });
    expect(fleetShape(1000, 1)).toEqual({ clusters: 1, servicesPerCluster: 1000 });
  });
});

describe('linear growth', () => {
  it('compares the cost per item at the largest size with the smallest', () => {
    const figure = linearity(
      'ECS cost per service',
      [
        { size: 10_000, cpuMs: 4000 },
        { size: 1000, cpuMs: 200 },
      ],
      'µs a service',
    );
    expect(figure.measured).toBe('2.00× (1,000: 200, 10,000: 400 µs a service)');
    expect(figure.met).toBe(false);
  });

  it('says so when fewer than two sizes were measured', () => {
    expect(linearity('ECS cost per service', [{ size: 1000, cpuMs: 5 }], 'µs').measured).toMatch(
      /^not measured — /,
    );
  });
});
