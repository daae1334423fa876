import { describe, expect, it } from 'vitest';
import { compareNaturalText } from '../compareText';
import { sortedByNaturalName } from './naturalOrder';

describe('natural order by sort keys', () => {
  it('sorts names as compareNaturalText does, digits, leading zeros, prefixes and all', () => {
    const names = [
      'api-19',
      'api-2',
      'api-20',
      'api',
      'api-',
      'api-02',
      'api-2a',
      'api-2-b',
      'api.2',
      'API-3',
      'a1',
      'a-',
      'a01b',
      'a1b',
      '007',
      '7',
      '70',
      '',
      'x9999999999999999999',
      'x10000000000000000000',
      'ä-3',
      'z',
    ];
    // Shuffled the same way each run: every pair meets in some order.
    let seed = 7;
    const shuffled = [...names, ...names.map((n) => `${n}-1`)].sort(() => {
      seed = (seed * 16807) % 2147483647;
      return (seed % 3) - 1;
    });
    expect(sortedByNaturalName(shuffled, (n) => n)).toEqual([...shuffled].sort(compareNaturalText));
  });

  it('agrees with compareNaturalText on many generated names', () => {
    const alphabet = ['a', 'b', '-', '.', '0', '1', '2', '9', 'Z'];
    let seed = 11;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    const names = Array.from({ length: 2000 }, () =>
      Array.from({ length: next() % 8 }, () => alphabet[next() % alphabet.length]).join(''),
    );
    expect(sortedByNaturalName(names, (n) => n)).toEqual([...names].sort(compareNaturalText));
  });
});
