import { describe, expect, it } from 'vitest';
import {
  describeEta,
  describeGroupState,
  describeLagSeconds,
  describeMaxLag,
  describeTrend,
  formatRate,
} from './lagText';

describe('lag in words', () => {
  it('says how far behind a group is in time', () => {
    expect(describeLagSeconds({ totalLag: 120, lagSeconds: 252 })).toBe('4m 12s behind');
    expect(describeLagSeconds({ totalLag: 120, lagSeconds: 45.9 })).toBe('45s behind');
    expect(describeLagSeconds({ totalLag: 120, lagSeconds: 3_900 })).toBe('1h 5m behind');
    expect(describeLagSeconds({ totalLag: 120, lagSeconds: 0.4 })).toBe('<1s behind');
    expect(describeLagSeconds({ totalLag: 120, lagSeconds: null })).toBe('—');
    expect(describeLagSeconds({ totalLag: 0, lagSeconds: null })).toBe('not behind');
    // Offsets that could not be read are not "not behind".
    expect(
      describeLagSeconds({
        totalLag: 0,
        lagSeconds: null,
        lagUnknown: { code: 'KAFKA_ACCESS_DENIED', message: 'The broker denied OffsetFetch' },
      }),
    ).toBe('lag unknown');
  });

  it('says when the lag will have drained', () => {
    expect(describeEta({ kind: 'eta', seconds: 130 })).toBe('drains in 2m 10s');
    expect(describeEta({ kind: 'eta', seconds: 0.2 })).toBe('drains in <1s');
    expect(describeEta({ kind: 'never' })).toBe('never');
    expect(describeEta({ kind: 'caught-up' })).toBe('caught up');
    expect(describeEta({ kind: 'unknown' })).toBe('measuring…');
  });

  it('gives the trend a glyph and a word', () => {
    expect(describeTrend('growing')).toBe('↗ growing');
    expect(describeTrend('draining')).toBe('↘ draining');
    expect(describeTrend('flat')).toBe('→ flat');
  });

  it('names the partition furthest behind, and keeps slow rates readable', () => {
    expect(describeMaxLag({ topic: 'payment-events', partition: 2, lag: 12_345 })).toBe(
      '12\u202f345 on payment-events/2',
    );
    expect(describeMaxLag(null)).toBe('—');
    expect(formatRate(0.25)).toBe('0.3/s');
    expect(formatRate(1_234.4)).toBe('1\u202f234/s');
    expect(formatRate(null)).toBe('—');
  });

  it('shortens both rebalance phases to one word', () => {
    expect(describeGroupState('PreparingRebalance')).toBe('rebalancing');
    expect(describeGroupState('CompletingRebalance')).toBe('rebalancing');
    expect(describeGroupState('Stable')).toBe('Stable');
  });
});
