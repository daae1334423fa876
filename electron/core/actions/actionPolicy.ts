import type { ActionPolicyState, LockHolder } from '../../../shared/actions/actionModel';
import { isProductionEnvironment } from '../../../shared/actions/productionEnvironment';
import type { EnvironmentConfig } from '../config/consoleConfig';

/**
 * Read-only, console-wide and per environment. The router refuses action channels when
 * the whole console is read-only; this adds the environments the config marks `readOnly`,
 * checked in main for every execution whatever the UI shows, and tells the UI both so it
 * can disable buttons with the reason.
 */
export class ActionPolicy {
  private environments: readonly EnvironmentConfig[];
  private readOnlyReason: string | null;
  private readonly lockScope: (environment: string) => string;

  constructor(options: {
    readOnlyReason: string | null;
    environments: readonly EnvironmentConfig[];
    /** Whether the environment's actions take a team-wide lock or only this process's, in words. */
    lockScope: (environment: string) => string;
  }) {
    this.environments = options.environments;
    this.readOnlyReason = options.readOnlyReason;
    this.lockScope = options.lockScope;
  }

  /** The console-wide switch turned (the desktop app's read-only mode). */
  useReadOnlyReason(reason: string | null): void {
    this.readOnlyReason = reason;
  }

  /** The environments the console watches now (its sandbox was rebuilt with other clusters). */
  useEnvironments(environments: readonly EnvironmentConfig[]): void {
    this.environments = environments;
  }

  /** Why an action on this environment is refused, or null when it may run. */
  refusalFor(environment: string): string | null {
    if (this.readOnlyReason !== null) return this.readOnlyReason;
    const config = this.environments.find((candidate) => candidate.name === environment);
    return config?.readOnly ? environmentReadOnlyReason(environment) : null;
  }

  state(locks: readonly LockHolder[]): ActionPolicyState {
    return {
      readOnly: this.readOnlyReason !== null,
      readOnlyReason: this.readOnlyReason,
      environments: this.environments.map((environment) => {
        const reason = this.refusalFor(environment.name);
        return {
          name: environment.name,
          clusters: environment.clusters ?? [],
          readOnly: reason !== null,
          reason,
          production: isProductionEnvironment(environment.name, environment.clusters?.[0]),
          lockScope: this.lockScope(environment.name),
        };
      }),
      locks: [...locks],
    };
  }
}

export function environmentReadOnlyReason(environment: string): string {
  return `the ${environment} environment is read-only in the console config`;
}
