import { useCallback, useEffect, useState } from 'react';
import { hashForView, queryFromHash, viewFromHash } from '../app/views';
import {
  hasTopologyOptions,
  optionsForStorage,
  optionsFromQuery,
  optionsFromStorage,
  queryFromOptions,
  type TopologyViewOptions,
} from './topologyOptions';

const storageKey = 'flarenet.topology.options';

function readOptions(): TopologyViewOptions {
  const query = queryFromHash(window.location.hash);
  if (hasTopologyOptions(query)) return optionsFromQuery(query);
  try {
    return optionsFromStorage(window.localStorage.getItem(storageKey));
  } catch {
    return optionsFromQuery(query);
  }
}

/**
 * The topology's options, kept in the hash (replacing it, so Back is not flooded with
 * toggles) and remembered for the next plain `#/topology`.
 */
export function useTopologyOptions(): [TopologyViewOptions, (next: TopologyViewOptions) => void] {
  const [options, setOptions] = useState(readOptions);

  // The address edited by hand (or a link followed) wins.
  useEffect(() => {
    const onHashChange = () => {
      if (viewFromHash(window.location.hash) !== 'topology') return;
      if (hasTopologyOptions(queryFromHash(window.location.hash))) setOptions(readOptions());
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const update = useCallback((next: TopologyViewOptions) => {
    setOptions(next);
    const hash = hashForView('topology', queryFromOptions(next));
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
    try {
      window.localStorage.setItem(storageKey, optionsForStorage(next));
    } catch {
      // Storage may be off (a locked-down wall screen); the hash still carries the options.
    }
  }, []);

  return [options, update];
}
