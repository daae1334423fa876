import { useCallback, useSyncExternalStore } from 'react';
import { hashForView, viewFromHash, type ConsoleView } from './views';

export function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentView(): ConsoleView {
  return viewFromHash(window.location.hash);
}

/** Goes to a view through the address bar, so Back returns to the previous one. */
export function navigateToView(view: ConsoleView): void {
  const hash = hashForView(view);
  if (window.location.hash !== hash) window.location.hash = hash;
}

/** The view in the location hash, and a way to change it. */
export function useViewRoute(): [ConsoleView, (view: ConsoleView) => void] {
  const view = useSyncExternalStore(subscribeToHash, currentView);
  const navigate = useCallback((next: ConsoleView) => navigateToView(next), []);
  return [view, navigate];
}
