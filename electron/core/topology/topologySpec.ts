import { readFile } from 'node:fs/promises';
import { topologySpecSchema, type TopologySpec } from '../../../shared/topology/topologyModel';
import { sandboxTopologySpec } from '../../../shared/topology/sandboxTopologySpec';
import type { ConsoleConfig, KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';

/**
 * The topology spec main gives the renderer (`topology.getSpec`): what ECS and Kafka cannot
 * say — the entry, HTTP calls, producers, datastores, domains — from the config file's
 * `topology` section; on the sandbox without one, the sandbox's own. Consumer-group owners
 * named in the config's Kafka clusters (`kafka[].groupOwners`) are folded in, so one list
 * of owners serves the lag view and the topology alike.
 *
 * The section's schema is the spec's: `"topology": { "entries": [...], "http": {...}, ... }`.
 */

export const topologyConfigSchema = topologySpecSchema;

export interface TopologySpecSources {
  /** The config file's `topology` section, parsed; undefined when the file has none (or there is no file). */
  topology?: TopologySpec;
  kafka?: readonly KafkaClusterConfig[];
  /** The console runs on its sandbox: without a section, the sandbox's own spec applies. */
  onSandbox: boolean;
}

export function topologySpecFor(sources: TopologySpecSources): TopologySpec {
  const base = sources.topology ?? (sources.onSandbox ? sandboxTopologySpec : topologySpecSchema.parse({}));
  const fromKafka: Record<string, string> = {};
  for (const cluster of sources.kafka ?? []) Object.assign(fromKafka, cluster.groupOwners ?? {});
  if (Object.keys(fromKafka).length === 0) return base;
  // The topology section's own owners win over the Kafka clusters'.
  return { ...base, groupOwners: { ...fromKafka, ...base.groupOwners } };
}

/**
 * The `topology` section of a loaded config. The config schema does not carry the section
 * yet: until it does (`topology: topologyConfigSchema.optional()` in consoleConfigSchema),
 * this reads it from the parsed object and checks it here.
 */
export function topologySectionOf(
  config: ConsoleConfig | null,
  source = 'the console config',
): TopologySpec | undefined {
  const raw = (config as { topology?: unknown } | null)?.topology;
  return raw === undefined ? undefined : parseTopologySection(raw, source);
}

/** Checks a topology section (or a standalone spec file's content), naming the fields that are wrong. */
export function parseTopologySection(raw: unknown, source: string): TopologySpec {
  const parsed = topologySpecSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `topology.${issue.path.map(String).join('.') || '(section)'}: ${issue.message}`);
  throw new ConsoleError(
    'VALIDATION',
    `The topology in ${source} is invalid: ${problems.join('; ')}`,
    problems,
  );
}

/** A spec in a JSON file of its own (`cli topology --spec <file>`). */
export async function loadTopologySpecFile(path: string): Promise<TopologySpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConsoleError('NOT_FOUND', `Cannot read the topology spec ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConsoleError(
      'VALIDATION',
      `The topology spec ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseTopologySection(raw, path);
}
