import { useEffect } from 'react';
import { classifyKeyTarget } from '../app/useTableKeyboard';
import { useFleetStore } from '../fleet/fleetStoreContext';
import { serviceRefOf } from './actionGuards';
import { useActionStore } from './actionStoreContext';
import { opensRollback } from './rollbackShortcut';

/** Wires `r` (see opensRollback) to the selected service of the services view. */
export function useRollbackShortcut(): void {
  const fleetStore = useFleetStore();
  const actionStore = useActionStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const fleet = fleetStore.getState();
      const service =
        fleet.selectedKey !== null && fleet.visibleKeys.includes(fleet.selectedKey)
          ? fleet.services.get(fleet.selectedKey)
          : undefined;
      const press = {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        repeat: event.repeat,
        target: classifyKeyTarget(event.target, null),
        dialogOpen: actionStore.getState().dialog !== null,
        hasSelection: service !== undefined,
      };
      if (!service || !opensRollback(press)) return;
      event.preventDefault();
      actionStore.getState().openRollback(serviceRefOf(service));
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [fleetStore, actionStore]);
}
