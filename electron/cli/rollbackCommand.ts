import { textFlag, UsageError, type CliCommand } from './cliCommand';
import {
  actionCommandFlagsHelp,
  actionCommandOptions,
  requiredFlag,
  runActionCommand,
  serviceArgument,
} from './actionCommandRunner';

const usage = `Usage: flarenet rollback <service> --cluster <cluster> [flags]

Plans a rollback of one ECS service and prints it: the target (the revision of the last
deployment that completed before the current one, never one the console has seen fail),
what changes (images, environment with secrets masked, sizes, command, ports) and how
(StopServiceDeployment with ROLLBACK while a deployment is in progress, else UpdateService).
Nothing changes without --yes.

The service:
  --cluster <name>       its cluster (required)
  --environment <name>   its environment, when two environments have a cluster of that name
  --revision <n>         roll back to this revision of its family instead

${actionCommandFlagsHelp}`;

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: 'Plan (and with --yes run and follow) a rollback of one service',
  usage,
  options: {
    ...actionCommandOptions,
    cluster: { type: 'string' },
    environment: { type: 'string' },
    revision: { type: 'string' },
  },
  async run(values, positionals, io) {
    const service = serviceArgument(
      positionals,
      'Name the service to roll back, e.g. rollback payment-service --cluster flarenet-production.',
    );
    const cluster = requiredFlag(values, 'cluster');
    const revisionText = textFlag(values, 'revision');
    if (revisionText !== undefined && !/^[1-9]\d{0,6}$/.test(revisionText))
      throw new UsageError(`--revision must be a revision number (got "${revisionText}").`);
    const environment = textFlag(values, 'environment');
    return runActionCommand(values, io, {
      command: `flarenet rollback ${service} --cluster ${cluster}${revisionText ? ` --revision ${revisionText}` : ''}`,
      cluster,
      plan: (services) =>
        services.planRollback({
          cluster,
          service,
          environment,
          targetRevision: revisionText === undefined ? undefined : Number(revisionText),
        }),
    });
  },
};
