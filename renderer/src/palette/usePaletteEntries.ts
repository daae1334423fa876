import { useMemo } from 'react';
import type { AppInfo } from '../../../shared/ipc/app';
import { auditExport } from '../../../shared/ipc/audit';
import { fleetRefresh } from '../../../shared/ipc/fleet';
import { sandboxRunScenario, type SandboxScenario } from '../../../shared/ipc/sandbox';
import { serviceRefOf } from '../actions/actionGuards';
import { useActionStore } from '../actions/actionStoreContext';
import { useConsoleClient } from '../app/consoleClientContext';
import { useOpenConsumerGroup } from '../app/crossLinks';
import { desktopCommandBus } from '../app/desktopCommands';
import { navigateToView } from '../app/useViewRoute';
import { consoleViews } from '../app/views';
import { useFleetStore } from '../fleet/fleetStoreContext';
import { useFleetCatalog } from '../fleet/useFleetCatalog';
import { useGroupCatalog } from '../kafka/useGroupCatalog';
import type { PaletteEntry } from './paletteSearch';

const consumerBehaviours = [
  { behaviour: 'stall', words: 'Stall' },
  { behaviour: 'stop', words: 'Stop' },
  { behaviour: 'rewind', words: 'Rewind' },
  { behaviour: 'normal', words: 'Let consume normally' },
] as const;

/**
 * The palette's entries, read from the stores and main's catalog of services when it opens
 * (it is drawn only while open): a palette open for a minute does not follow the fleet, and
 * a closed one costs nothing.
 */
export function usePaletteEntries(info: AppInfo | undefined): PaletteEntry[] {
  const client = useConsoleClient();
  const fleetStore = useFleetStore();
  const actionStore = useActionStore();
  const openGroup = useOpenConsumerGroup();
  const catalog = useFleetCatalog().data;
  const groupCatalog = useGroupCatalog().data;

  return useMemo(() => {
    const fleet = fleetStore.getState();
    const readOnly = info?.readOnly
      ? `Read-only: ${info.readOnlyReason ?? 'this console runs no actions'}`
      : undefined;
    const selected = fleet.selectedKey === null ? undefined : fleet.services.get(fleet.selectedKey);
    const entries: PaletteEntry[] = [];

    consoleViews.forEach((view, index) =>
      entries.push({
        id: `view:${view.id}`,
        kind: 'view',
        title: view.label,
        detail: `g ${view.key} · ${index + 1}`,
        run: () => navigateToView(view.id),
      }),
    );

    entries.push(
      {
        id: 'action:refresh',
        kind: 'action',
        title: 'Refresh now',
        detail: 'Poll every cluster now',
        run: async () => {
          await client.request(fleetRefresh, {});
          return 'Polling every cluster now.';
        },
      },
      {
        id: 'action:rollback',
        kind: 'action',
        title: selected ? `Roll back ${selected.serviceName}…` : 'Roll back the selected service…',
        detail: selected ? `${selected.clusterName} · plan first, then confirm` : 'Select a service first',
        disabledReason: readOnly ?? (selected ? undefined : 'Select a service in the Services view first.'),
        run: () => {
          if (selected) actionStore.getState().openRollback(serviceRefOf(selected));
        },
      },
      {
        id: 'action:promote',
        kind: 'action',
        title: 'Promote from staging to production…',
        detail: selected ? `Starting from ${selected.serviceName}` : 'Choose the service in the dialog',
        disabledReason: readOnly,
        run: () => actionStore.getState().openPromotion(selected ? serviceRefOf(selected) : null),
      },
      {
        id: 'action:copy-topology',
        kind: 'action',
        title: 'Copy the topology as text',
        detail: 'For an incident channel, as the Topology view shows it',
        run: () => {
          navigateToView('topology');
          desktopCommandBus.run('copy-topology');
        },
      },
      {
        id: 'action:export-audit',
        kind: 'action',
        title: 'Export the audit log',
        detail: 'A copy in the console’s data folder',
        run: async () => {
          const written = await client.request(auditExport, { destination: 'data-folder' });
          return `Exported ${written.entries} entries to ${written.path}.`;
        },
      },
    );

    for (const service of catalog ?? []) {
      entries.push({
        id: `service:${service.key}`,
        kind: 'service',
        title: service.serviceName,
        detail: `${service.clusterName} · ${service.environment} · ${service.health}`,
        run: () => {
          fleetStore.getState().openFromElsewhere(service.key);
          navigateToView('services');
        },
      });
    }

    for (const group of groupCatalog ?? []) {
      entries.push({
        id: `group:${group.key}`,
        kind: 'group',
        title: group.groupId,
        detail: `${group.kafkaCluster} · ${group.severity} · ${group.burrowStatus}`,
        run: () => openGroup(group.key),
      });
    }

    if (info?.source === 'sandbox') {
      const scenario = async (request: SandboxScenario) =>
        (await client.request(sandboxRunScenario, request)).summary;
      if (selected) {
        const target = { cluster: selected.clusterName, service: selected.serviceName };
        entries.push(
          {
            id: 'scenario:bad-deploy',
            kind: 'scenario',
            title: `Bad deploy of ${selected.serviceName}`,
            detail: `${selected.clusterName} · tasks fail their health checks`,
            disabledReason: readOnly,
            run: () => scenario({ kind: 'bad-deploy', ...target }),
          },
          {
            id: 'scenario:load',
            kind: 'scenario',
            title: `Put ${selected.serviceName} under twice its load`,
            detail: `${selected.clusterName} · for five minutes; production services scale out`,
            disabledReason: readOnly,
            run: () => scenario({ kind: 'load', ...target, percent: 200 }),
          },
          {
            id: 'scenario:good-deploy',
            kind: 'scenario',
            title: `Good deploy of ${selected.serviceName}`,
            detail: `${selected.clusterName} · a healthy new image`,
            disabledReason: readOnly,
            run: () => scenario({ kind: 'good-deploy', ...target }),
          },
        );
      }
      entries.push({
        id: 'scenario:throttle',
        kind: 'scenario',
        title: 'Throttle ECS for 30 s',
        detail: 'Every ECS call answers ThrottlingException',
        disabledReason: readOnly,
        run: () => scenario({ kind: 'throttle', seconds: 30 }),
      });
      for (const group of groupCatalog ?? []) {
        for (const { behaviour, words } of consumerBehaviours) {
          entries.push({
            id: `scenario:${behaviour}:${group.key}`,
            kind: 'scenario',
            title: `${words} ${group.groupId}`,
            detail: `consumer group on ${group.kafkaCluster}`,
            disabledReason: readOnly,
            run: () => scenario({ kind: 'consumer', group: group.groupId, behaviour }),
          });
        }
      }
    }
    return entries;
  }, [info, client, fleetStore, actionStore, openGroup, catalog, groupCatalog]);
}
