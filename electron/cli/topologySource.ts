import type { TopologySpec } from '../../shared/topology/topologyModel';
import {
  kafkaClusterFromCommandLine,
  type ConsoleConfig,
  type KafkaClusterConfig,
} from '../core/config/consoleConfig';
import type { CliIo } from './cliCommand';
import { openFleetSource, type FleetSourceFlags } from './fleetSource';
import { loadTopologySpecFile, topologySectionOf, topologySpecFor } from '../core/topology/topologySpec';

/**
 * Everything `cli topology` reads from: the fleet (as `cli services` finds it), the Kafka
 * clusters for lag, and the spec. With nothing named, a sandbox started for the command,
 * Kafka included, and the sandbox's own spec.
 */

export interface TopologySourceFlags extends FleetSourceFlags {
  brokers?: string;
  spec?: string;
}

export interface TopologySource {
  fleet: ConsoleConfig;
  kafka: KafkaClusterConfig[];
  spec: TopologySpec;
  /** The fleet is a FlareNet sandbox: the text says SANDBOX. */
  onSandbox: boolean;
  /** Notes for stderr: where the data and the spec come from. */
  notes: string[];
  close(): Promise<void>;
}

export async function openTopologySource(
  flags: TopologySourceFlags,
  io: Pick<CliIo, 'env' | 'startSandbox'>,
  probe: (endpoint: string) => Promise<boolean> = isSandboxEndpoint,
): Promise<TopologySource> {
  const fileSpec = flags.spec ? await loadTopologySpecFile(flags.spec) : undefined;
  const extraKafka = flags.brokers ? [kafkaClusterFromCommandLine(flags.brokers)] : [];
  const source = await openFleetSource(flags, io);
  const kafka = [...(source.config.kafka ?? []), ...extraKafka];
  const notes = source.description ? [source.description] : [];
  let spec = fileSpec;
  let onSandbox = source.onSandbox;
  if (!spec && source.onSandbox) {
    spec = topologySpecFor({ kafka: source.config.kafka, onSandbox: true });
  } else if (!spec) {
    const section = topologySectionOf(source.config, flags.config ?? io.env.FLARENET_CONFIG);
    const endpoints = [
      ...new Set(source.config.environments.flatMap((e) => (e.aws.endpoint ? [e.aws.endpoint] : []))),
    ];
    onSandbox =
      section === undefined &&
      endpoints.length > 0 &&
      (await Promise.all(endpoints.map(probe))).every(Boolean);
    spec = topologySpecFor({ topology: section, kafka, onSandbox });
    if (onSandbox) notes.push('The endpoint is a FlareNet sandbox: drawing the sandbox’s topology.');
    else if (section === undefined)
      notes.push(
        'No topology spec (--spec, or "topology" in the config): edges come from ECS tags and names only.',
      );
  }
  if (kafka.length === 0)
    notes.push('No Kafka cluster (--brokers, or "kafka" in the config): consumer edges have no lag.');
  return { fleet: source.config, kafka, spec, onSandbox, notes, close: () => source.close() };
}

/** Whether an ECS endpoint is a FlareNet sandbox, which answers on /_sandbox/health. */
export async function isSandboxEndpoint(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/_sandbox/health', endpoint), {
      signal: AbortSignal.timeout(1500),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as { ok?: unknown };
    return body.ok === true;
  } catch {
    return false;
  }
}
