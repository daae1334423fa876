import { describe, expect, it } from 'vitest';
import { pollCadenceText } from './pollCadenceText';

describe('pollCadenceText', () => {
  const cluster = { lastSuccessAt: 1_000, pollIntervalMs: 5_000 };

  it('says a cluster was not polled before its first success, and only once after it', () => {
    expect(pollCadenceText({ ...cluster, lastSuccessAt: null, achievedIntervalMs: null })).toBe(
      'not polled yet',
    );
    expect(pollCadenceText({ ...cluster, achievedIntervalMs: null })).toBe(
      'polled once so far (asked every 5 s)',
    );
  });

  it('names the asked interval only when the last polls kept it', () => {
    expect(pollCadenceText({ ...cluster, achievedIntervalMs: 5_000 })).toBe('polled every 5 s');
    expect(pollCadenceText({ ...cluster, achievedIntervalMs: 5_900 })).toBe('polled every 5 s');
    expect(pollCadenceText({ ...cluster, achievedIntervalMs: 1_200 })).toBe('polled every 5 s');
  });

  it('says what was achieved when the polls came late', () => {
    expect(pollCadenceText({ ...cluster, achievedIntervalMs: 24_300 })).toBe('polled every 24 s (asked 5 s)');
    expect(pollCadenceText({ ...cluster, pollIntervalMs: 2_000, achievedIntervalMs: 5_000 })).toBe(
      'polled every 5 s (asked 2 s)',
    );
  });
});
