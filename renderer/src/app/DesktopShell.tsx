import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { desktopEvents, type DesktopEvent } from '../../../shared/ipc/desktop';
import { fleetRefresh } from '../../../shared/ipc/fleet';
import { useFleet, useFleetStore } from '../fleet/fleetStoreContext';
import { useReadFleetCatalog } from '../fleet/useFleetCatalog';
import { useLag, useLagStore } from '../kafka/lagStoreContext';
import { useReadGroupCatalog } from '../kafka/useGroupCatalog';
import { useConsoleClient } from './consoleClientContext';
import { desktopCommandBus } from './desktopCommands';
import { UpdateNotice } from './UpdateNotice';
import { describeError } from './errorText';
import { hashForLinkTarget, linkTargetFromHash } from './linkTargetRoute';
import { useAppInfo } from './useAppInfo';
import { mutationKeys } from './queryKeys';
import { navigateToView, subscribeToHash } from './useViewRoute';
import { hashForView, viewFromHash } from './views';

const readHash = () => window.location.hash;

/**
 * What the page does for the desktop app around it: it opens the service or group a
 * `flarenet://` link names, carries out the menu's commands, shows the app's one-line
 * notices and offers a downloaded update. Opening goes through the page's address (see linkTargetRoute), so a browser page
 * opened on such an address shows the same service or group.
 */
export function DesktopShell() {
  const client = useConsoleClient();
  const onDesktop = useAppInfo().data?.shell === 'electron';
  const [notice, setNotice] = useState<string | null>(null);
  const [updateVersion, setUpdateVersion] = useState<string | null>(null);
  // The same request as the "Refresh now" button, which is not on every view.
  const { mutate: refresh } = useMutation({
    mutationKey: mutationKeys.fleetRefresh(),
    mutationFn: () => client.request(fleetRefresh, {}),
    onError: (error) => setNotice(`Refresh failed: ${describeError(error)}`),
  });

  useEffect(() => {
    if (!onDesktop) return;
    const onEvent = (event: DesktopEvent) => {
      switch (event.type) {
        case 'open':
          window.location.hash = hashForLinkTarget(event.target);
          return;
        case 'notice':
          setNotice(event.text);
          return;
        case 'update-ready':
          setUpdateVersion(event.version);
          return;
        case 'show-view':
          navigateToView(event.view);
          return;
        case 'command':
          if (event.command === 'refresh') return refresh();
          // Copying and exporting are done by their views' own buttons: go there, then do it.
          navigateToView(event.command === 'copy-topology' ? 'topology' : 'audit');
          desktopCommandBus.run(event.command);
      }
    };
    return client.subscribe(desktopEvents, {}, onEvent);
  }, [client, onDesktop, refresh]);

  useLinkedTarget(setNotice);

  return (
    <>
      {updateVersion !== null && <UpdateNotice key={updateVersion} version={updateVersion} />}
      {notice !== null && (
        <div className="desktop-notice" role="status" data-testid="desktop-notice">
          <span>{notice}</span>
          <button type="button" className="button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

/**
 * Opens the service or group the address names once the fleet (or the lag) has arrived, then
 * puts the plain view back in the address, so a closed panel stays closed on a reload. A
 * service or group the console does not watch is said so, not guessed at.
 */
function useLinkedTarget(say: (text: string) => void): void {
  const fleetStore = useFleetStore();
  const lagStore = useLagStore();
  const fleetReady = useFleet((state) => state.snapshot !== null);
  const lagReady = useLag((state) => state.snapshot !== null);
  const hash = useSyncExternalStore(subscribeToHash, readHash);
  const readCatalog = useReadFleetCatalog();
  const readGroupCatalog = useReadGroupCatalog();

  useEffect(() => {
    const target = linkTargetFromHash(hash);
    if (!target) return;
    if (target.kind === 'service') {
      if (!fleetReady) return;
      const notWatched = `The linked service ${target.service} (${target.environment}, cluster ${target.cluster}) is not in the fleet this console watches.`;
      readCatalog().then(
        (catalog) => {
          const service = catalog.find(
            (candidate) =>
              candidate.environment === target.environment &&
              candidate.clusterName === target.cluster &&
              candidate.serviceName === target.service,
          );
          if (!service) {
            say(notWatched);
            return;
          }
          fleetStore.getState().openFromElsewhere(service.key);
        },
        (error: unknown) => say(`The linked service could not be looked up: ${describeError(error)}`),
      );
    } else {
      if (!lagReady) return;
      const key = `${target.cluster}|${target.group}`;
      readGroupCatalog().then(
        (catalog) => {
          if (!catalog.some((group) => group.key === key)) {
            say(
              `The linked consumer group ${target.group} (Kafka cluster ${target.cluster}) is not one this console watches.`,
            );
            return;
          }
          lagStore.getState().openFromElsewhere(key);
        },
        (error: unknown) => say(`The linked consumer group could not be looked up: ${describeError(error)}`),
      );
    }
    window.history.replaceState(null, '', hashForView(viewFromHash(hash)));
  }, [hash, fleetReady, lagReady, fleetStore, lagStore, say, readCatalog, readGroupCatalog]);
}
