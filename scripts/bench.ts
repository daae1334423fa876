/**
 * `npm run bench`: every figure of the console at scale, each beside its floor or goal, in
 * one run. It prints numbers as they come and a table at the end (also written as Markdown
 * for the README's "Performance" section); it asserts nothing. A section that cannot run
 * says which figures it could not measure and why, and the others go on.
 *
 *   npm run bench -- --services 10000 --groups 1000      the sizes (the default)
 *   npm run bench -- --quick                             a small smoke run of every section
 *   npm run bench -- --minutes 10                        the memory soak
 *   npm run bench -- --bundle-only                       the renderer bundle's size only
 *
 * The sandbox runs in its own process, so the CPU figures are the console's alone.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { benchCloudWatch, cloudWatchExpectedFigures } from './bench/cloudWatchBench';
import { benchDetection, detectionExpectedFigures } from './bench/detectionBench';
import { benchEcs, ecsExpectedFigures } from './bench/ecsBench';
import { benchKafka, kafkaExpectedFigures } from './bench/kafkaBench';
import { benchUsage, BenchUsageError, parseBenchOptions, type BenchOptions } from './bench/benchOptions';
import { BenchReport } from './bench/benchReport';
import { benchBundle, bundleExpectedFigures } from './bench/bundleBench';
import { benchHost, hostExpectedFigures } from './bench/hostBench';
import { benchRunningConsole, refreshExpectedFigures } from './bench/refreshBench';
import { markdownTable, textTable } from './bench/resultTable';
import { benchTopology, topologyExpectedFigures } from './bench/topologyBench';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let options: BenchOptions | null;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(`${error.message}\n\n${benchUsage}`);
  process.exit(2);
}
if (!options) {
  console.log(benchUsage);
  process.exit(0);
}

const report = new BenchReport();
const chosen = options.sections;
const startedAt = new Date();
console.log(
  `FlareNet Console bench, ${startedAt.toISOString()}: ${options.services} services over ${options.clusters} clusters, ${options.groups} consumer groups${options.quick ? ' (quick)' : ''}`,
);

if (chosen.has('bundle'))
  await report.section('Renderer bundle', bundleExpectedFigures, () => benchBundle(report));
if (chosen.has('ecs'))
  await report.section('ECS refresh by fleet size', ecsExpectedFigures(options), () =>
    benchEcs(options, report),
  );
if (chosen.has('cloudwatch'))
  await report.section('Sandbox CloudWatch', cloudWatchExpectedFigures(options), () =>
    benchCloudWatch(options, report),
  );
if (chosen.has('kafka'))
  await report.section('Kafka refresh by group count', kafkaExpectedFigures(options), () =>
    benchKafka(options, report),
  );

if (chosen.has('refresh'))
  await report.section(
    `The running console at ${options.services} services and ${options.groups} groups`,
    refreshExpectedFigures(options),
    () => benchRunningConsole(options, report),
  );

if (chosen.has('detection'))
  await report.section('Detection against Burrow', detectionExpectedFigures(options), () =>
    benchDetection(options, report),
  );
if (chosen.has('topology'))
  await report.section('Topology by size', topologyExpectedFigures(options), () =>
    benchTopology(options, report),
  );

if (chosen.has('bytes') || chosen.has('browser') || chosen.has('memory'))
  await report.section(
    `The console host at ${options.services} services and ${options.groups} groups`,
    hostExpectedFigures(options),
    () => benchHost(options, report),
  );

console.log(`\n== Results (${startedAt.toISOString().slice(0, 10)})\n`);
for (const line of textTable(report.figures)) console.log(line);
const markdown = [
  `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- ${process.argv.slice(2).join(' ')}\`.`,
  '',
  ...markdownTable(report.figures),
  '',
].join('\n');
await mkdir(dirname(options.out), { recursive: true });
await writeFile(options.out, markdown);
console.log(`\nThe table as Markdown: ${options.out}`);
// Clients of the sections are closed; a socket some library keeps open must not hold the run.
process.exit(0);
