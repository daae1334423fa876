import { textFlag, type CliCommand } from './cliCommand';
import {
  actionCommandFlagsHelp,
  actionCommandOptions,
  requiredFlag,
  runActionCommand,
  serviceArgument,
} from './actionCommandRunner';

const usage = `Usage: flarenet promote <service> --from <cluster> --to <cluster> [flags]

Plans a promotion and prints it: a new revision of the destination's task definition that
runs the source's images (pinned to the digests its running tasks report) and keeps the
destination's environment, secrets, roles and sizes; what changes; then UpdateService to it.
Nothing changes without --yes.

The services:
  --from <cluster>       the source cluster, e.g. flarenet-staging (required)
  --to <cluster>         the destination cluster, e.g. flarenet-production (required)
  --to-service <name>    the destination service, when its name differs
  --from-environment <name>, --to-environment <name>
                         the environments, when two have a cluster of that name

${actionCommandFlagsHelp}`;

export const promoteCommand: CliCommand = {
  name: 'promote',
  summary: "Plan (and with --yes run and follow) a promotion of one service's build",
  usage,
  options: {
    ...actionCommandOptions,
    from: { type: 'string' },
    to: { type: 'string' },
    'to-service': { type: 'string' },
    'from-environment': { type: 'string' },
    'to-environment': { type: 'string' },
  },
  async run(values, positionals, io) {
    const service = serviceArgument(
      positionals,
      'Name the service to promote, e.g. promote payment-service --from flarenet-staging --to flarenet-production.',
    );
    const fromCluster = requiredFlag(values, 'from');
    const toCluster = requiredFlag(values, 'to');
    const toService = textFlag(values, 'to-service');
    return runActionCommand(values, io, {
      command: `flarenet promote ${service} --from ${fromCluster} --to ${toCluster}${toService ? ` --to-service ${toService}` : ''}`,
      plan: (services) =>
        services.planPromotion({
          service,
          fromCluster,
          toCluster,
          toService,
          fromEnvironment: textFlag(values, 'from-environment'),
          toEnvironment: textFlag(values, 'to-environment'),
        }),
    });
  },
};
