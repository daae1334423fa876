import type { ActionPlan, ActionProgress } from '../../shared/actions/actionModel';
import { finalPhases } from '../../shared/actions/actionModel';
import { createActionServices, type ActionServices } from '../core/actions/actionServices';
import { defaultDataDirectory } from '../core/app/dataDirectory';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { keychainFromEnvironment } from '../core/kafka/osKeychain';
import { openSecretStore } from '../core/kafka/secretStore';
import { textFlag, UsageError, type CliCommand, type CliIo, type FlagValues } from './cliCommand';
import { fleetSourceFlags, fleetSourceOptions, openFleetSource } from './fleetSource';
import { renderPlan, renderProgress } from './actionPlanText';
import { terminalStyle } from './terminalStyle';

/**
 * What `rollback` and `promote` share: the same sources as `services`, the same planners,
 * executor and audit log as the console, and the same rules — settle what this source left
 * unfinished before planning, and name it in the plan; print the plan; change nothing
 * without --yes; in production, --confirm with the service name as well.
 */

export const actionCommandOptions: CliCommand['options'] = {
  yes: { type: 'boolean' },
  confirm: { type: 'string' },
  'without-team-lock': { type: 'boolean' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  'data-dir': { type: 'string' },
  ...fleetSourceOptions,
};

export const actionCommandFlagsHelp = `Where the fleet is (the first that applies):
  --ecs-endpoint <url>   an ECS-compatible endpoint, e.g. a running \`npm run sandbox\`
  --profile <name>       AWS with this profile (with --region, or AWS_REGION)
  --region <region>      AWS in this region with the default credential chain
  --config <file>        the environments of a console config file (also FLARENET_CONFIG)
  (none of these)        a sandbox started in this process for this command

Running it:
  --yes                  execute the plan and follow the rollout to its end
  --confirm <service>    with --yes in production: the service name, typed again
  --without-team-lock    with --yes in production: act although the team's operations log
                         cannot be reached, with this process's lock only (said in the
                         audit log); never past a team lock another action holds
  --timeout <seconds>    how long to follow the rollout (default 600)
  --data-dir <dir>       where the audit log is written (default FLARENET_DATA_DIR or the
                         platform's data folder, as the console); a sandbox started for the
                         command writes a log of its own there

  --json                 the plan as JSON; with --yes, JSON lines: the plan, then each progress event
  -h, --help             this help

Before planning, actions on this source that an earlier run or another process left
unfinished are settled with ECS; the plan names those of the service first.

Production is any environment or cluster whose name does not say staging, dev, test, qa,
sandbox or the like. Exit code: 0 when the plan was printed or the rollout succeeded, 1 when
it failed, timed out or was refused, 2 for bad flags or a missing --confirm.`;

/** The one service an action command acts on; `missing` says how to name it. */
export function serviceArgument(positionals: string[], missing: string): string {
  const [service, ...extra] = positionals;
  if (!service) throw new UsageError(missing);
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  return service;
}

export function requiredFlag(values: FlagValues, name: string): string {
  const value = textFlag(values, name);
  if (!value) throw new UsageError(`--${name} is required.`);
  return value;
}

function timeoutMs(values: FlagValues): number {
  const text = textFlag(values, 'timeout');
  if (text === undefined) return 10 * 60_000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0 || seconds > 24 * 3600)
    throw new UsageError(`--timeout must be a number of seconds from 1 to 86400 (got "${text}").`);
  return Math.round(seconds * 1000);
}

/**
 * Opens the fleet source and the action services, plans with `plan`, prints the plan, and
 * with --yes runs it and follows it; everything is closed before returning the exit code.
 */
export async function runActionCommand(
  values: FlagValues,
  io: CliIo,
  options: { command: string; cluster?: string; plan(services: ActionServices): Promise<ActionPlan> },
): Promise<number> {
  const json = values.json === true;
  const yes = values.yes === true;
  const confirm = textFlag(values, 'confirm');
  if (confirm !== undefined && !yes) throw new UsageError('--confirm only means something with --yes.');
  const rolloutTimeoutMs = timeoutMs(values);
  const style = terminalStyle({ isTty: io.isTty, env: io.env });
  const width = io.columns ?? 160;

  const source = await openFleetSource(fleetSourceFlags(values, options.cluster), io);
  const clients = new EcsClientFactory();
  const services = createActionServices({
    config: source.config,
    clients,
    dataDir: textFlag(values, 'data-dir') ?? defaultDataDirectory(io.env),
    log: (line) => io.err(line),
    readOnlyReason: null,
    rolloutTimeoutMs,
    // A rollout still under way is reported, not followed: the process that started it may still be following it.
    watchUnfinished: false,
    fleetIsEphemeral: source.onSandbox,
    team: {
      via: 'cli',
      secrets: () =>
        openSecretStore({
          dataDir: defaultDataDirectory(io.env),
          keychain: keychainFromEnvironment(io.env),
          log: (line) => io.err(line),
        }),
    },
  });
  try {
    if (source.description && !json) io.err(source.description);
    const plan = await options.plan(services);
    if (json && !yes) io.out(`${JSON.stringify(plan, null, 2)}\n`);
    else if (json) io.out(`${JSON.stringify({ type: 'plan', plan })}\n`);
    else io.out(renderPlan(plan, { width, style, command: options.command }));
    if (!yes) return 0;

    if (plan.requiresTypedConfirmation && confirm !== plan.service) {
      io.err(
        confirm === undefined
          ? `${plan.service} runs in ${plan.environment}: add --confirm ${plan.service} to execute.`
          : `--confirm ${confirm} does not match the service: type --confirm ${plan.service} to execute in ${plan.environment}.`,
      );
      return 2;
    }
    const { actionId } = await services.execute({
      planId: plan.id,
      confirmation: confirm ?? '',
      withoutTeamLock: values['without-team-lock'] === true,
    });
    if (!json) io.out(`\nRunning (action ${actionId}; written to ${services.auditLog.path})\n`);
    const final = await follow(services, actionId, (progress, previous) => {
      if (json) io.out(`${JSON.stringify({ type: 'progress', progress })}\n`);
      else if (
        previous === undefined ||
        progress.phase !== previous.phase ||
        progress.message !== previous.message ||
        progress.newEvents.length > 0
      )
        io.out(`${renderProgress(progress, style).join('\n')}\n`);
    });
    return final.phase === 'succeeded' ? 0 : 1;
  } finally {
    await services.close();
    clients.destroyAll();
    await source.close();
  }
}

function follow(
  services: ActionServices,
  actionId: string,
  onProgress: (progress: ActionProgress, previous: ActionProgress | undefined) => void,
): Promise<ActionProgress> {
  return new Promise((resolve, reject) => {
    let previous: ActionProgress | undefined;
    try {
      services.subscribeProgress(
        actionId,
        (progress) => {
          onProgress(progress, previous);
          previous = progress;
        },
        () =>
          previous && finalPhases.has(previous.phase)
            ? resolve(previous)
            : reject(new Error(`Action ${actionId} ended without a final state.`)),
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
