import { describe, expect, it } from 'vitest';
import { compactDuration, spokenDuration } from './durationText';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

describe('compactDuration', () => {
  it.each([
    [0, '0s'],
    [400, '0s'],
    [-3 * second, '0s'],
    [Number.NaN, '0s'],
    [45 * second, '45s'],
    [59_999, '59s'],
    [2 * minute, '2m'],
    [125 * second, '2m 5s'],
    [252 * second, '4m 12s'],
    [hour, '1h'],
    [hour + 5 * minute + 59 * second, '1h 5m'],
    [3 * day + 4 * hour + 30 * minute, '3d 4h'],
    [40 * day, '40d'],
  ])('%d ms reads %s', (ms, text) => {
    expect(compactDuration(ms)).toBe(text);
  });

  it('does not lose a second to floating point in a duration built from seconds', () => {
    expect(compactDuration(4.999999999 * 1000)).toBe('5s');
    expect(compactDuration(0.29 * 1000 * 1000)).toBe('4m 50s');
  });
});

describe('spokenDuration', () => {
  it.each([
    [0, '0 s'],
    [1, '1 ms'],
    [250, '250 ms'],
    [999.4, '999 ms'],
    [-5, '0 s'],
    [45 * second, '45 s'],
    [42_400, '42 s'],
    [2 * minute, '2 min'],
    [125 * second, '2 min 5 s'],
    [10 * minute, '10 min'],
    [3 * hour + 12 * minute + 40 * second, '3 h 12 min'],
    [2 * hour, '2 h'],
    [2 * day + 4 * hour, '2 d 4 h'],
    [5 * day, '5 d'],
  ])('%d ms reads %s', (ms, text) => {
    expect(spokenDuration(ms)).toBe(text);
  });

  it('leaves out milliseconds for figures redrawn once a second', () => {
    expect(spokenDuration(437, { finestUnit: 'second' })).toBe('0 s');
    expect(spokenDuration(42_900, { finestUnit: 'second' })).toBe('42 s');
    expect(spokenDuration(125_000, { finestUnit: 'second' })).toBe('2 min 5 s');
  });

  it('reads 125 seconds as the compact style does, in words', () => {
    expect([compactDuration(125_000), spokenDuration(125_000)]).toEqual(['2m 5s', '2 min 5 s']);
  });
});
