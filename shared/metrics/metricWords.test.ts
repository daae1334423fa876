import { describe, expect, it } from 'vitest';
import { alarmReasonSummary } from './metricWords';

describe('alarmReasonSummary', () => {
  it('keeps what crossed and the threshold, without the datapoints and the transition rule', () => {
    expect(
      alarmReasonSummary(
        'Threshold Crossed: 2 out of the last 3 datapoints [523.0 (02/06/25 09:05:00), 498.0 (02/06/25 09:04:00)] were greater than the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).',
      ),
    ).toBe('Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (50.0).');
    expect(
      alarmReasonSummary(
        'Threshold Crossed: 1 datapoint [0.0 (02/06/25 09:12:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
      ),
    ).toBe('Threshold Crossed: 1 datapoint was not greater than the threshold (50.0).');
  });

  it('leaves other reasons as they are, cut with an ellipsis when long, and an empty one empty', () => {
    expect(alarmReasonSummary('Insufficient Data: 3 datapoints were unknown.')).toBe(
      'Insufficient Data: 3 datapoints were unknown.',
    );
    const long = alarmReasonSummary(`Composite alarm rule ${'ALARM(x) OR '.repeat(30)}ALARM(y) matched.`);
    expect([...long]).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
    expect(alarmReasonSummary('')).toBe('');
  });
});
