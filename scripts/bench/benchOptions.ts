import { parseArgs } from 'node:util';

/**
 * What `npm run bench` measures and at which sizes. The default run is the issue's own:
 * 10,000 services over 10 clusters and 1,000 consumer groups, with the steps in between;
 * `--quick` is a small smoke run that exercises every section in a few minutes.
 */

export const benchSections = [
  'bundle',
  'ecs',
  'cloudwatch',
  'kafka',
  'refresh',
  'detection',
  'topology',
  'bytes',
  'browser',
  'memory',
] as const;
export type BenchSection = (typeof benchSections)[number];

export interface BenchOptions {
  /** Services of the headline fleet, spread over `clusters`. */
  services: number;
  clusters: number;
  /** Consumer groups of the headline Kafka cluster. */
  groups: number;
  /** Fleet sizes the ECS refresh cost is measured at. */
  serviceSizes: number[];
  /** Group counts the Kafka refresh cost is measured at. */
  groupSizes: number[];
  /** Group counts a stalled consumer is hidden among, for the race against Burrow. */
  detectionGroups: number[];
  /** Services of the one-environment fleets the topology is drawn at. */
  topologySizes: number[];
  /** Steady refreshes measured at each size. */
  refreshes: number;
  /** How long the headline console runs while its memory is sampled. */
  minutes: number;
  /** How long the WebSocket is watched while nothing changes. */
  quietSeconds: number;
  sections: ReadonlySet<BenchSection>;
  /** Where the results table goes, as Markdown. */
  out: string;
  quick: boolean;
}

export const benchUsage = `Usage: npm run bench -- [options]

  --services <n>           services of the headline fleet (default 10000; quick 200)
  --clusters <n>           clusters the services are spread over (default 10; quick 2)
  --groups <n>             consumer groups on the headline Kafka cluster (default 1000; quick 20)
  --service-sizes <list>   fleet sizes for the ECS refresh cost (default 1000,5000 and --services)
  --group-sizes <list>     group counts for the Kafka refresh cost (default 100,1000,5000)
  --detection-groups <list> groups a stalled consumer hides among, against Burrow (default 5,5000)
  --topology-sizes <list>  one-environment fleet sizes the topology is drawn at (default 100,1000 and --services)
  --refreshes <n>          steady refreshes measured per size (default 3)
  --minutes <n>            how long the console host runs while its memory is sampled (default 2; soak: 10)
  --quiet-seconds <n>      how long the WebSocket is watched while nothing changes (default 60)
  --only <list>            only these sections: ${benchSections.join(', ')}
  --skip <list>            every section but these
  --bundle-only            only the renderer bundle's size (same as --only bundle)
  --out <file>             the results table as Markdown (default test-results/bench-results.md)
  --quick                  small sizes, short windows: a smoke run of every section
  --help`;

export class BenchUsageError extends Error {}

const fullSizes = {
  services: 10_000,
  clusters: 10,
  groups: 1000,
  serviceSteps: [1000, 5000],
  groupSizes: [100, 1000, 5000],
  detectionGroups: [5, 5000],
  topologySteps: [100, 1000],
  refreshes: 3,
  minutes: 2,
  quietSeconds: 60,
};
const quickSizes: typeof fullSizes = {
  services: 200,
  clusters: 2,
  groups: 20,
  serviceSteps: [50, 100],
  groupSizes: [5, 20],
  detectionGroups: [5],
  topologySteps: [20, 50],
  refreshes: 2,
  minutes: 0.5,
  quietSeconds: 15,
};

/** Returns null when the user asked for help. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        services: { type: 'string' },
        clusters: { type: 'string' },
        groups: { type: 'string' },
        'service-sizes': { type: 'string' },
        'group-sizes': { type: 'string' },
        'detection-groups': { type: 'string' },
        'topology-sizes': { type: 'string' },
        refreshes: { type: 'string' },
        minutes: { type: 'string' },
        'quiet-seconds': { type: 'string' },
        only: { type: 'string' },
        skip: { type: 'string' },
        'bundle-only': { type: 'boolean', default: false },
        out: { type: 'string', default: 'test-results/bench-results.md' },
        quick: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return null;
  const sizes = values.quick ? quickSizes : fullSizes;
  const services = wholeNumber(values.services, '--services', sizes.services, 1);
  const clusters = wholeNumber(values.clusters, '--clusters', sizes.clusters, 1);
  const groups = wholeNumber(values.groups, '--groups', sizes.groups, 1);
  if (services < clusters)
    throw new BenchUsageError(`--services (${services}) must be at least --clusters (${clusters}).`);
  return {
    services,
    clusters,
    groups,
    serviceSizes: sizeList(values['service-sizes'], '--service-sizes', [...sizes.serviceSteps, services]),
    groupSizes: sizeList(values['group-sizes'], '--group-sizes', sizes.groupSizes),
    detectionGroups: sizeList(values['detection-groups'], '--detection-groups', sizes.detectionGroups),
    topologySizes: sizeList(values['topology-sizes'], '--topology-sizes', [...sizes.topologySteps, services]),
    refreshes: wholeNumber(values.refreshes, '--refreshes', sizes.refreshes, 1),
    minutes: positiveNumber(values.minutes, '--minutes', sizes.minutes),
    quietSeconds: positiveNumber(values['quiet-seconds'], '--quiet-seconds', sizes.quietSeconds),
    sections: chosenSections(values.only, values.skip, values['bundle-only']),
    out: values.out,
    quick: values.quick,
  };
}

function wholeNumber(text: string | undefined, flag: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min)
    throw new BenchUsageError(`${flag} must be a whole number of at least ${min}, not "${text}".`);
  return value;
}

function positiveNumber(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new BenchUsageError(`${flag} must be a number above 0, not "${text}".`);
  return value;
}

/** Comma-separated sizes, sorted and without repeats. */
function sizeList(text: string | undefined, flag: string, fallback: number[]): number[] {
  const values =
    text === undefined ? fallback : text.split(',').map((part) => wholeNumber(part.trim(), flag, 0, 1));
  return [...new Set(values)].sort((a, b) => a - b);
}

function chosenSections(
  only: string | undefined,
  skip: string | undefined,
  bundleOnly: boolean,
): Set<BenchSection> {
  if (bundleOnly) return new Set(['bundle']);
  const named = (text: string, flag: string): BenchSection[] =>
    text.split(',').map((part) => {
      const name = part.trim();
      if (!(benchSections as readonly string[]).includes(name))
        throw new BenchUsageError(`${flag}: "${name}" is not a section (${benchSections.join(', ')}).`);
      return name as BenchSection;
    });
  const chosen = new Set<BenchSection>(only === undefined ? benchSections : named(only, '--only'));
  if (skip !== undefined) for (const name of named(skip, '--skip')) chosen.delete(name);
  return chosen;
}
