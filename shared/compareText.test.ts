import { describe, expect, it } from 'vitest';
import { compareText } from './compareText';

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
