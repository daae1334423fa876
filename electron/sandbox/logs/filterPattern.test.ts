import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from './filterPattern';

/** The filter pattern syntax on the examples of CloudWatch Logs' "Filter pattern syntax" page. */

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

describe('term patterns', () => {
  it('matches case-sensitive terms anywhere, all of them required', () => {
    expect(matches('ERROR', '[ERROR 400] BAD REQUEST')).toBe(true);
    expect(matches('ERROR', 'an error happened')).toBe(false);
    expect(matches('Exception', 'Unhandled InvalidQueryException')).toBe(true);
    expect(matches('ERROR ARGUMENTS', '[ERROR 419] MISSING ARGUMENTS')).toBe(true);
    expect(matches('ERROR ARGUMENTS', '[ERROR 400] BAD REQUEST')).toBe(false);
  });

  it('matches quoted phrases exactly', () => {
    expect(matches('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL SERVER ERROR')).toBe(true);
    expect(matches('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL ERROR ON SERVER')).toBe(false);
    expect(matches('"[ERROR]" Exception', '[ERROR] Unhandled exception: InvalidQueryException')).toBe(true);
  });

  it('matches any ?term, and ignores ?terms beside required ones as AWS does', () => {
    expect(matches('?ERROR ?ARGUMENTS', 'INVALID ARGUMENTS')).toBe(true);
    expect(matches('?ERROR ?ARGUMENTS', '[INFO 200] OK')).toBe(false);
    expect(matches('?ERROR ?ARGUMENTS REQUEST', '[INFO] REQUEST FAILED')).toBe(true);
    expect(matches('?ERROR ?ARGUMENTS REQUEST', '[ERROR] MISSING ARGUMENTS')).toBe(false);
  });

  it('excludes -terms and -"phrases"', () => {
    expect(matches('ERROR -ARGUMENTS', '[ERROR 400] BAD REQUEST')).toBe(true);
    expect(matches('ERROR -ARGUMENTS', '[ERROR 419] MISSING ARGUMENTS')).toBe(false);
    expect(matches('ERROR -"BAD REQUEST"', '[ERROR 400] BAD REQUEST')).toBe(false);
    expect(matches(' -ERROR', '[INFO] fine')).toBe(true);
  });

  it('matches everything with an empty pattern and refuses an unterminated quote', () => {
    expect(matches('', 'anything')).toBe(true);
    expect(matches('   ', 'anything')).toBe(true);
    expect(() => compileFilterPattern('"INTERNAL SERVER')).toThrow(FilterPatternError);
  });
});

describe('regular expressions', () => {
  it('matches within the message and refuses what AWS does not support', () => {
    expect(matches('%^[hc]at%', 'hat trick')).toBe(true);
    expect(matches('%^[hc]at%', 'a hat')).toBe(false);
    expect(matches('%colou?r%', 'color')).toBe(true);
    expect(matches('%refused|reset%', 'connection reset by peer')).toBe(true);
    expect(() => compileFilterPattern('%(ab)+%')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('%something!%')).toThrow(FilterPatternError);
  });
});

describe('JSON patterns', () => {
  const event = JSON.stringify({
    eventType: 'UpdateTrail',
    sourceIPAddress: '111.111.111.111',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    'cluster.name': 'c',
    latency: 49.5,
    flag: true,
  });

  it('compares strings, with * as a wildcard, and numbers', () => {
    expect(matches('{ $.eventType = "UpdateTrail" }', event)).toBe(true);
    expect(matches('{ $.eventType = UpdateTrail }', event)).toBe(true);
    expect(matches('{ $.eventType = "Update*" }', event)).toBe(true);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', event)).toBe(true);
    expect(matches('{ $.sourceIPAddress != 111.111.* }', event)).toBe(false);
    expect(matches('{ $.latency < 50 }', event)).toBe(true);
    expect(matches('{ $.latency >= 50 }', event)).toBe(false);
    expect(matches('{ $.eventType = %Trail$% }', event)).toBe(true);
  });

  it('selects array elements, wildcards and quoted keys', () => {
    expect(matches('{ $.arrayKey[0] = "value" }', event)).toBe(true);
    expect(matches('{ $.arrayKey[1] = "value" }', event)).toBe(false);
    expect(matches('{ $.objectList[*].id = 2 }', event)).toBe(true);
    expect(matches('{ $.objectList[1].name = "b" }', event)).toBe(true);
    expect(matches('{ $.[\'cluster.name\'] = "c" }', event)).toBe(true);
  });

  it('tests null, booleans and missing fields, and never matches what is not there', () => {
    expect(matches('{ $.SomeObject IS NULL }', event)).toBe(true);
    expect(matches('{ $.eventType IS NULL }', event)).toBe(false);
    expect(matches('{ $.flag IS TRUE }', event)).toBe(true);
    expect(matches('{ $.flag = true }', event)).toBe(false);
    expect(matches('{ $.missing NOT EXISTS }', event)).toBe(true);
    expect(matches('{ $.missing != "x" }', event)).toBe(false);
    expect(matches('{ $.arrayKey = "value" }', event)).toBe(false);
  });

  it('joins comparisons with && before ||, and parentheses', () => {
    const message = JSON.stringify({ a: 1, b: 0, c: 0 });
    expect(matches('{ $.a = 1 || $.b = 2 && $.c = 3 }', message)).toBe(true);
    expect(matches('{ ($.a = 1 || $.b = 2) && $.c = 3 }', message)).toBe(false);
  });

  it('matches nothing that is not JSON, and refuses malformed patterns', () => {
    expect(matches('{ $.level = "ERROR" }', 'level=ERROR msg="not json"')).toBe(false);
    expect(() => compileFilterPattern('{ $.level == "ERROR" }')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('{ $.level = "ERROR"')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('{ $.level > "ERROR" }')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('[ip, user]')).toThrow(FilterPatternError);
  });
});
