import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppInfo } from '../../../shared/ipc/app';
import { sandboxClusterNames, sandboxRunScenario, type SandboxScenario } from '../../../shared/ipc/sandbox';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError, errorDetails } from '../app/errorText';
import { mutationKeys } from '../app/queryKeys';
import { useFleet, useFleetStore } from '../fleet/fleetStoreContext';
import { useFleetCatalog } from '../fleet/useFleetCatalog';
import { useGroupCatalog } from '../kafka/useGroupCatalog';
import { useLagStore } from '../kafka/lagStoreContext';
import './sandbox.css';

type CircuitBreaker = NonNullable<Extract<SandboxScenario, { kind: 'bad-deploy' }>['circuitBreaker']>;
type ConsumerBehaviour = Extract<SandboxScenario, { kind: 'consumer' }>['behaviour'];

const consumerBehaviours: readonly { value: ConsumerBehaviour; label: string; title: string }[] = [
  { value: 'normal', label: 'normal', title: 'Consumes and commits as usual' },
  {
    value: 'stall',
    label: 'stall',
    title: 'Keeps committing the same offset while messages pile up (STALL)',
  },
  { value: 'stop', label: 'stop', title: 'Stops committing altogether (STOP)' },
  { value: 'rewind', label: 'rewind', title: 'Commits an offset behind the last one (REWIND)' },
];

/** The sizes the benchmarks measure, from the demo up to the largest the console is built for. */
const fleetSizes: readonly {
  label: string;
  clusters: number;
  servicesPerCluster: number;
  groups: number;
}[] = [
  { label: 'demo: 2 × 9 services, 5 groups', clusters: 2, servicesPerCluster: 9, groups: 5 },
  { label: '1,000 services (10 × 100), 100 groups', clusters: 10, servicesPerCluster: 100, groups: 100 },
  {
    label: '10,000 services (10 × 1,000), 1,000 groups',
    clusters: 10,
    servicesPerCluster: 1000,
    groups: 1000,
  },
  {
    label: '10,000 services (10 × 1,000), 5,000 groups',
    clusters: 10,
    servicesPerCluster: 1000,
    groups: 5000,
  },
];

/** Drives the simulated fleet: only offered when the console runs on its sandbox. */
export function SandboxMenu({ info }: { info: AppInfo }) {
  const [open, setOpen] = useState(false);
  if (info.source !== 'sandbox') return null;
  return (
    <div className="sandbox-menu">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen((was) => !was)}>
        Sandbox {open ? '▴' : '▾'}
      </button>
      {open && <SandboxPanel info={info} onClose={() => setOpen(false)} />}
    </div>
  );
}

function SandboxPanel({ info, onClose }: { info: AppInfo; onClose: () => void }) {
  const client = useConsoleClient();
  const store = useFleetStore();
  const clusterMap = useFleet((state) => state.clusters);
  const catalog = useFleetCatalog().data;

  // Start from the service selected in the table: the usual target of a deploy scenario.
  const [target, setTarget] = useState(() => {
    const { selectedKey, services: current } = store.getState();
    const selected = selectedKey === null ? undefined : current.get(selectedKey);
    return { cluster: selected?.clusterName ?? '', service: selected?.serviceName ?? '' };
  });
  // Number fields hold their text: an emptied field must stay empty, not become NaN.
  const [throttleSeconds, setThrottleSeconds] = useState('30');
  const [fleetSize, setFleetSize] = useState(0);
  const [circuitBreaker, setCircuitBreaker] = useState<CircuitBreaker>('rollback');

  const scenario = useMutation({
    mutationKey: mutationKeys.sandboxScenario(),
    mutationFn: (request: SandboxScenario) => client.request(sandboxRunScenario, request),
  });

  const clusterNames = unique([...clusterMap.values()].map((cluster) => cluster.clusterName));
  const clusterOptions = clusterNames.length > 0 ? clusterNames : [...sandboxClusterNames];
  const cluster = clusterOptions.includes(target.cluster) ? target.cluster : (clusterOptions[0] ?? '');
  const serviceOptions = unique(
    (catalog ?? [])
      .filter((service) => service.clusterName === cluster)
      .map((service) => service.serviceName),
  ).sort();
  const service = serviceOptions.includes(target.service) ? target.service : (serviceOptions[0] ?? '');

  // Buttons stay enabled while a scenario runs: disabling the focused one would drop the
  // keyboard focus onto the page, where the next Esc would close the detail panel instead.
  const run = (event: FormEvent, request: SandboxScenario) => {
    event.preventDefault();
    if (!scenario.isPending) scenario.mutate(request);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // The menu takes this Esc; the page would otherwise close the detail panel behind it.
    event.stopPropagation();
    onClose();
  };

  return (
    <div className="sandbox-panel" role="dialog" aria-label="Sandbox scenarios" onKeyDown={onKeyDown}>
      {info.readOnly && (
        <p className="note-box read-only-note" role="note">
          Scenarios are disabled: this console is read-only
          {info.readOnlyReason ? ` — ${info.readOnlyReason}` : ''}.
        </p>
      )}
      <fieldset disabled={info.readOnly} className="sandbox-fieldsets">
        <form className="sandbox-form" onSubmit={(event) => event.preventDefault()}>
          <h3 className="caps-title">Deploy</h3>
          <label>
            Cluster
            <select
              value={cluster}
              onChange={(event) => setTarget({ cluster: event.target.value, service: '' })}
            >
              {clusterOptions.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            Service
            <select value={service} onChange={(event) => setTarget({ cluster, service: event.target.value })}>
              {serviceOptions.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            Circuit breaker
            <select
              value={circuitBreaker}
              onChange={(event) => setCircuitBreaker(event.target.value === 'off' ? 'off' : 'rollback')}
              title="For the bad deploy: roll back when tasks keep failing (within seconds here, before its 5XX alarm can fire), or keep retrying until someone rolls back (the 5XX alarm of a service behind a load balancer fires within two minutes)"
              data-testid="sandbox-circuit-breaker"
            >
              <option value="rollback">rollback</option>
              <option value="off">off</option>
            </select>
          </label>
          <div className="form-actions">
            <button
              type="button"
              className="button danger"
              disabled={!service}
              onClick={(event) => run(event, { kind: 'bad-deploy', cluster, service, circuitBreaker })}
              title="Registers a revision whose tasks fail their health checks, and deploys it"
            >
              Bad deploy
            </button>
            <button
              type="button"
              className="button"
              disabled={!service}
              onClick={(event) => run(event, { kind: 'good-deploy', cluster, service })}
              title="Registers a healthy revision with a new image tag, and deploys it"
            >
              Good deploy
            </button>
            <button
              type="button"
              className="button"
              disabled={!service}
              data-testid="sandbox-load"
              onClick={(event) => run(event, { kind: 'load', cluster, service, percent: 200 })}
              title="Twice the demand its tasks can serve, for five minutes: a production service scales out through its target tracking policy, and back in after"
            >
              Load ×2
            </button>
          </div>
        </form>

        <ConsumerForm run={run} />

        <form
          className="sandbox-form"
          onSubmit={(event) => run(event, { kind: 'throttle', seconds: Number(throttleSeconds) })}
        >
          <h3 className="caps-title">Throttle ECS</h3>
          <label>
            Seconds
            <input
              type="number"
              min={1}
              max={3600}
              required
              value={throttleSeconds}
              onChange={(event) => setThrottleSeconds(event.target.value)}
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="button">
              Throttle
            </button>
          </div>
        </form>

        <form
          className="sandbox-form"
          onSubmit={(event) => {
            const { clusters, servicesPerCluster, groups } = fleetSizes[fleetSize]!;
            run(event, { kind: 'scale', clusters, servicesPerCluster, groups });
          }}
        >
          <h3 className="caps-title">Scale the fleet</h3>
          <label>
            Fleet size
            <select
              value={fleetSize}
              onChange={(event) => setFleetSize(Number(event.target.value))}
              data-testid="sandbox-fleet-size"
            >
              {fleetSizes.map((size, index) => (
                <option key={size.label} value={index}>
                  {size.label}
                </option>
              ))}
            </select>
          </label>
          <p className="muted sandbox-note" data-testid="sandbox-watched">
            {watchedClusters(info)}
          </p>
          <div className="form-actions">
            <button
              type="submit"
              className="button"
              title="Replaces every cluster, service and consumer group of the sandbox with a fresh fleet of this size"
            >
              Rebuild fleet
            </button>
          </div>
        </form>
      </fieldset>

      <div className="sandbox-result">
        {scenario.isPending && <p role="status">Running…</p>}
        {scenario.isSuccess && (
          <p className="ok-text" role="status">
            {scenario.data.summary}
          </p>
        )}
        {scenario.isError && (
          <div className="error-text" role="alert">
            <p>{describeError(scenario.error)}</p>
            {errorDetails(scenario.error).length > 0 && (
              <ul>
                {errorDetails(scenario.error).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/** Makes one sandbox consumer group misbehave the way Burrow's statuses describe, or behave again. */
function ConsumerForm({ run }: { run: (event: FormEvent, request: SandboxScenario) => void }) {
  const lagStore = useLagStore();
  const groups = useGroupCatalog().data;
  const groupIds = unique((groups ?? []).map((group) => group.groupId)).sort();
  const [chosen, setChosen] = useState(() => {
    const { selectedKey, groups: current } = lagStore.getState();
    return selectedKey === null ? '' : (current.get(selectedKey)?.groupId ?? '');
  });
  const [behaviour, setBehaviour] = useState<ConsumerBehaviour>('stall');
  const group = groupIds.includes(chosen) ? chosen : (groupIds[0] ?? '');

  return (
    <form
      className="sandbox-form"
      onSubmit={(event) => run(event, { kind: 'consumer', group, behaviour })}
      data-testid="sandbox-consumer"
    >
      <h3 className="caps-title">Consumer group</h3>
      {groupIds.length === 0 ? (
        <p className="muted sandbox-note">No consumer groups reported yet.</p>
      ) : (
        <>
          <label>
            Group
            <select value={group} onChange={(event) => setChosen(event.target.value)}>
              {groupIds.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            Behaviour
            <select
              value={behaviour}
              onChange={(event) =>
                setBehaviour(
                  consumerBehaviours.find((entry) => entry.value === event.target.value)?.value ?? 'normal',
                )
              }
              title={consumerBehaviours.find((entry) => entry.value === behaviour)?.title}
            >
              {consumerBehaviours.map((entry) => (
                <option key={entry.value} value={entry.value} title={entry.title}>
                  {entry.label}
                </option>
              ))}
            </select>
          </label>
          <div className="form-actions">
            <button type="submit" className="button">
              Apply
            </button>
          </div>
        </>
      )}
    </form>
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** What the console watches now: main says so again after each rebuild, so this follows a rescale. */
function watchedClusters(info: AppInfo): string {
  const clusters = info.environments.reduce((sum, environment) => sum + environment.clusters.length, 0);
  const environments = info.environments
    .map((environment) => `${environment.name} ${environment.clusters.length}`)
    .join(', ');
  return `The console watches ${clusters} ${clusters === 1 ? 'cluster' : 'clusters'} (${environments}).`;
}
