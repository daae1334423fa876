import { describe, expect, it } from 'vitest';
import { benchSections, BenchUsageError, parseBenchOptions } from './benchOptions';

describe('bench options', () => {
  it('measures the issue’s sizes by default', () => {
    const options = parseBenchOptions([])!;
    expect(options).toMatchObject({
      services: 10_000,
      clusters: 10,
      groups: 1000,
      serviceSizes: [1000, 5000, 10_000],
      groupSizes: [100, 1000, 5000],
      detectionGroups: [5, 5000],
      topologySizes: [100, 1000, 10_000],
      minutes: 2,
    });
    expect([...options.sections]).toEqual([...benchSections]);
  });

  it('takes the headline size into the steps, in order and once', () => {
    const options = parseBenchOptions(['--services', '3000', '--groups', '1000'])!;
    expect(options.serviceSizes).toEqual([1000, 3000, 5000]);
    expect(options.topologySizes).toEqual([100, 1000, 3000]);
  });

  it('makes a quick run small, and flags still win over it', () => {
    const options = parseBenchOptions(['--quick', '--minutes', '0.25'])!;
    expect(options).toMatchObject({ services: 200, groups: 20, minutes: 0.25, quick: true });
  });

  it('chooses sections with --only, --skip and --bundle-only', () => {
    expect([...parseBenchOptions(['--bundle-only'])!.sections]).toEqual(['bundle']);
    expect([...parseBenchOptions(['--only', 'ecs,kafka'])!.sections]).toEqual(['ecs', 'kafka']);
    expect(parseBenchOptions(['--skip', 'browser,detection'])!.sections.has('browser')).toBe(false);
  });

  it('refuses what it cannot measure, naming the flag', () => {
    expect(() => parseBenchOptions(['--services', 'many'])).toThrow(/--services must be a whole number/);
    expect(() => parseBenchOptions(['--only', 'gpu'])).toThrow(/"gpu" is not a section/);
    expect(() => parseBenchOptions(['--services', '5', '--clusters', '10'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--fast'])).toThrow(BenchUsageError);
  });

  it('answers --help with null', () => {
    expect(parseBenchOptions(['--help'])).toBeNull();
  });
});
