import type { AuditWhere } from '../../../shared/actions/actionModel';
import { accountOfArn, normaliseEndpoint } from '../../../shared/actions/auditWhere';
import type { EnvironmentConfig } from '../config/consoleConfig';
import type { CallerIdentityResolver } from './callerIdentity';

/**
 * The fleet a console or a command acts on, as the audit log names it: what a new entry
 * says of where it acted, and which entries are this source's own — for the views, and for
 * reconciliation, which must ask the fleet the action ran on and no other.
 *
 * An entry belongs here when an environment of the config reaches the same place: the same
 * endpoint URL for an endpoint or an in-process sandbox; for AWS, the same region and the
 * account the environment's credentials belong to (or a cluster ARN the config lists).
 */

export type SourceKind = AuditWhere['source'];

export interface AuditSourceOptions {
  environments: readonly EnvironmentConfig[];
  /** The fleet is a sandbox started inside this process. */
  embeddedSandbox: boolean;
  identity: CallerIdentityResolver;
}

/** The environments of this source that act where an entry says it acted; none for another source's entry. */
export type SourceMatcher = (where: AuditWhere | null) => EnvironmentConfig[];

export class AuditSource {
  constructor(private readonly options: AuditSourceOptions) {}

  kindOf(environment: EnvironmentConfig): SourceKind {
    if (this.options.embeddedSandbox) return 'sandbox';
    return environment.aws.endpoint ? 'endpoint' : 'aws';
  }

  /** What an entry about a cluster of `environment` records of where it acted. */
  where(
    environment: EnvironmentConfig,
    clusterArn: string | null,
    callerAccount: string | null = null,
  ): AuditWhere {
    const { aws } = environment;
    return {
      source: this.kindOf(environment),
      account: accountOfArn(clusterArn) ?? callerAccount,
      region: aws.region,
      clusterArn,
      endpoint: aws.endpoint ? normaliseEndpoint(aws.endpoint) : null,
    };
  }

  /**
   * A matcher for entries, with the accounts of the AWS environments looked up first (the
   * identity resolver keeps them for a while). An account that cannot be looked up matches
   * nothing: an entry is only counted as this source's when that is known.
   */
  async matcher(): Promise<SourceMatcher> {
    const environments = this.options.environments;
    const accounts = new Map<EnvironmentConfig, string | null>();
    await Promise.all(
      environments
        .filter((environment) => !environment.aws.endpoint)
        .map(async (environment) => {
          const actor = await this.options.identity(environment.aws);
          accounts.set(environment, actor.account);
        }),
    );
    return (where) => {
      if (!where) return [];
      return environments.filter((environment) => {
        if (this.kindOf(environment) !== where.source) return false;
        const { aws } = environment;
        if (aws.endpoint) return normaliseEndpoint(aws.endpoint) === where.endpoint;
        if (aws.region !== where.region || where.endpoint !== null) return false;
        if (where.clusterArn !== null && (environment.clusters ?? []).includes(where.clusterArn)) return true;
        const account = accounts.get(environment) ?? null;
        return account !== null && account === where.account;
      });
    };
  }
}
