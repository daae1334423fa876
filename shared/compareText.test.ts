import { describe, expect, it } from 'vitest';
import { compareNaturalText, compareText } from './compareText';

describe('compareText', () => {
  it('orders by code unit, whatever the locale: capitals first, "10" before "2", accents last', () => {
    expect(['payment', 'Payment', 'order-2', 'order-10', 'ärger', 'zeta'].sort(compareText)).toEqual([
      'Payment',
      'order-10',
      'order-2',
      'payment',
      'zeta',
      'ärger',
    ]);
  });

  it('says equal text is equal', () => {
    expect(compareText('payment-service', 'payment-service')).toBe(0);
  });
});

describe('compareNaturalText', () => {
  it('orders runs of digits by their value: "-2" before "-19" before "-20"', () => {
    expect(
      ['svc-20', 'svc-2', 'svc-19', 'svc', 'svc-1', 'svc-100', 'svc-3a', 'svc-3'].sort(compareNaturalText),
    ).toEqual(['svc', 'svc-1', 'svc-2', 'svc-3', 'svc-3a', 'svc-19', 'svc-20', 'svc-100']);
  });

  it('orders text without digits as compareText does, and keeps the order total', () => {
    const names = ['payment', 'Payment', 'order-service', 'orders-db', 'zeta', 'ärger'];
    expect([...names].sort(compareNaturalText)).toEqual([...names].sort(compareText));
    expect(['a07', 'a7', 'a007'].sort(compareNaturalText)).toEqual(['a007', 'a07', 'a7']);
    expect(compareNaturalText('node-9', 'node-9')).toBe(0);
  });
});
