import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { defaultDataDirectory } from '../core/app/dataDirectory';
import { makeOwnerOnlyFolder } from '../core/app/ownerOnly';
import { startConsoleHost } from './consoleHost';
import { startCoreThread } from './coreThread';
import { newLaunchToken, tokenFromFile } from './hostToken';

/**
 * A console host runs for days while its monitors make garbage at tens of MB a second. Left to
 * itself, V8 lets the heap grow to several times what is alive (at 10,000 services and 1,000
 * groups: 522 MB resident for 121 MB alive); growing it by half at most keeps it near 330 MB,
 * for about a third more CPU spent collecting. See README, "Performance".
 */
const defaultHeapGrowthPercent = 50;

const usage = `Usage: flarenet host [options]   (from a checkout: npm run host -- [options])

Serves FlareNet Console to browsers (wall screens, browser mode) on this machine.

Options:
  --port <n>          Port to listen on (default 7311; 0 picks a free one)
  --host <address>    Address to bind (default 127.0.0.1; anything else exposes live data to the network)
  --allow-actions     Allow actions (rollback, promotion, sandbox scenarios); read-only otherwise
  --data-dir <dir>    Where config and audit log live (default: FLARENET_DATA_DIR or the platform's data folder)
  --config <file>     Config file (default: FLARENET_CONFIG or <data-dir>/config.json; none = sandbox)
  --token-file <file> Keep the launch token in this file (created owner-only if missing), so
                      wall screens reconnect by themselves after the host restarts
  --seed <n>          Seed for the sandbox, for a reproducible fleet
  --dev               Serve the renderer's source maps (development only)
  --heap-growth <n>   How far, in percent, the heap may grow past what is alive before the
                      next full collection (default ${defaultHeapGrowthPercent}; 0 leaves it to V8,
                      which uses more memory and less CPU)
  --help              Show this help

The sandbox's size comes from FLARENET_SANDBOX_SCALE, e.g. clusters=10,services=1000,groups=5000
(see npm run sandbox -- --help).`;

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningHost {
  url: string;
  /** Opens the console once without the token in the URL (see ConsoleHost.launchUrl). */
  launchUrl: () => string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startHostFromCommandLine(
  argv: string[],
  version = process.env.npm_package_version ?? '0.0.0',
): Promise<RunningHost> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '7311' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-actions': { type: 'boolean', default: false },
      // Used by `npm start`: actions on simulated services only.
      'allow-sandbox-actions': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      seed: { type: 'string' },
      'token-file': { type: 'string' },
      'heap-growth': { type: 'string', default: String(defaultHeapGrowthPercent) },
      dev: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not "${values.port}".`);
  const heapGrowth = Number(values['heap-growth']);
  if (!Number.isInteger(heapGrowth) || heapGrowth < 0 || heapGrowth > 1000)
    throw new Error(
      `--heap-growth must be a whole percentage from 0 to 1000, not "${values['heap-growth']}".`,
    );
  // Process-wide and read at every collection, so the core's thread started below keeps to it.
  if (heapGrowth > 0) setFlagsFromString(`--heap-growing-percent=${heapGrowth}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`--seed must be a whole number, not "${values.seed}".`);

  const dataDir = values['data-dir'] ?? defaultDataDirectory(process.env);
  await makeOwnerOnlyFolder(dataDir);
  const readOnlyReason = values['allow-actions']
    ? null
    : 'this console host is read-only; start it with --allow-actions to run actions';
  // Known before the core starts: the console's own sandbox answers its controls to this token.
  const token = values['token-file'] ? await tokenFromFile(values['token-file']) : newLaunchToken();
  const core = await startCoreThread(
    {
      shell: 'browser',
      dataDir,
      version,
      configPath: values.config,
      readOnlyReason,
      allowActionsOnSandbox: values['allow-sandbox-actions'],
      sandbox: seed === undefined ? { controlToken: token } : { seed, controlToken: token },
    },
    {
      log: (line) => console.error(line),
      crashed: (error) => {
        console.error(`The console host stops: ${error.message}`);
        process.exit(1);
      },
    },
  );
  const host = await startConsoleHost({
    sessions: core.sessions,
    token,
    staticDir: join(packageRoot, 'dist', 'renderer'),
    host: values.host,
    port,
    serveSourceMaps: values.dev,
  });
  if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
    console.error(
      `Warning: bound to ${values.host}; anyone who can reach it and has the token sees live fleet data.`,
    );
  }
  console.log(
    `FlareNet Console host ready (${core.info.source}, ${core.info.readOnly ? 'read-only' : 'actions allowed'}): ${host.url}`,
  );
  return {
    url: host.url,
    launchUrl: () => host.launchUrl(),
    dataDir,
    close: async () => {
      await host.close();
      await core.close();
    },
  };
}

/** Starts the host and keeps it running until SIGINT or SIGTERM; `flarenet host` and `npm run host`. */
export function runHostCli(argv: string[], version?: string): void {
  // The SDK's advice about future Node versions is for the project, not for the host's log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Listening before the host starts: a stop asked while it starts (as soon as it printed
  // that it is ready, say) still closes it cleanly instead of killing it half done.
  let running: RunningHost | null = null;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (running) void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  startHostFromCommandLine(argv, version)
    .then((host) => {
      running = host;
      if (stopping) void host.close().then(() => process.exit(0));
    })
    .catch((error: unknown) => {
      console.error(
        `Cannot start the console host: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`,
      );
      process.exit(1);
    });
}

// Run as a script of its own. The script's name is checked rather than this module's URL:
// the built `flarenet` command carries this module inside its own file and calls runHostCli
// only for `flarenet host`.
if (/^hostCli\.[cm]?[jt]s$/.test(basename(process.argv[1] ?? ''))) runHostCli(process.argv.slice(2));
