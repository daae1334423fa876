import { describe, expect, it } from 'vitest';
import {
  chooseEnvironment,
  defaultTopologyOptions,
  hasTopologyOptions,
  optionsForStorage,
  optionsFromQuery,
  optionsFromStorage,
  queryFromOptions,
} from './topologyOptions';

describe('topology options in the hash', () => {
  it('round-trips through the query, leaving out what is default', () => {
    const options = { environment: 'production', collapseHealthy: true, groupByDomain: false, all: true };
    const query = queryFromOptions(options);
    expect(query.toString()).toBe('env=production&collapse=1&all=1');
    expect(optionsFromQuery(query)).toEqual(options);
    expect(queryFromOptions(defaultTopologyOptions).toString()).toBe('');
  });

  it('reads flags written by hand and tells a query that says nothing', () => {
    expect(optionsFromQuery(new URLSearchParams('domains=true&collapse=0&env='))).toEqual({
      environment: null,
      collapseHealthy: false,
      groupByDomain: true,
      all: false,
    });
    expect(hasTopologyOptions(new URLSearchParams('service=x'))).toBe(false);
    expect(hasTopologyOptions(new URLSearchParams('collapse=1'))).toBe(true);
  });

  it('remembers the last options, and takes anything unreadable for the defaults', () => {
    const options = { environment: 'staging', collapseHealthy: false, groupByDomain: true, all: false };
    expect(optionsFromStorage(optionsForStorage(options))).toEqual(options);
    expect(optionsFromStorage(null)).toEqual(defaultTopologyOptions);
    expect(optionsFromStorage('{not json')).toEqual(defaultTopologyOptions);
  });
});

describe('the environment drawn', () => {
  it('is the one asked for when the fleet has it, else production, else the first', () => {
    expect(chooseEnvironment('staging', ['staging', 'production'])).toBe('staging');
    expect(chooseEnvironment('gone', ['staging', 'production'])).toBe('production');
    expect(chooseEnvironment(null, ['dev', 'staging'])).toBe('dev');
    expect(chooseEnvironment(null, [])).toBeNull();
  });
});
