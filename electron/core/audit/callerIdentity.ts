import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AuditActor } from '../../../shared/actions/actionModel';
import { awsClientConfig, type CredentialsProvider } from '../aws/awsClientOptions';
import type { AwsTarget } from '../config/consoleConfig';
import { toIpcError } from '../ipc/consoleError';

/**
 * Who an action runs as, for the audit log: the ARN STS reports for the environment's
 * credentials, or `sandbox` for an ECS-compatible endpoint (the sandbox checks no
 * credentials, so there is nobody to ask). A failed lookup does not stop the action; the
 * entry says the identity was unavailable and why.
 */

export type CallerIdentityResolver = (target: AwsTarget) => Promise<AuditActor>;

export const sandboxActor: AuditActor = {
  identity: 'sandbox',
  account: null,
  source: 'sandbox',
  detail: null,
};

export function createCallerIdentityResolver(
  options: {
    credentialsFor?: (target: AwsTarget) => CredentialsProvider;
    /** Identities change when credentials are refreshed or a profile is switched; re-ask after this long. */
    cacheMs?: number;
    now?: () => number;
  } = {},
): CallerIdentityResolver {
  const cacheMs = options.cacheMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { actor: AuditActor; at: number }>();

  return async (target) => {
    if (target.endpoint) return sandboxActor;
    const key = JSON.stringify([target.profile ?? null, target.region]);
    const cached = cache.get(key);
    if (cached && now() - cached.at < cacheMs) return cached.actor;
    const client = new STSClient(
      awsClientConfig(target, options.credentialsFor ? { credentialsFor: options.credentialsFor } : {}),
    );
    try {
      const answer = await client.send(new GetCallerIdentityCommand({}), {
        abortSignal: AbortSignal.timeout(5000),
      });
      const actor: AuditActor = {
        identity: answer.Arn ?? answer.UserId ?? 'unknown',
        account: answer.Account ?? null,
        source: 'sts',
        detail: null,
      };
      cache.set(key, { actor, at: now() });
      return actor;
    } catch (error) {
      return {
        identity: 'unknown',
        account: null,
        source: 'unavailable',
        detail: `STS GetCallerIdentity failed: ${toIpcError(error).message}`,
      };
    } finally {
      client.destroy();
    }
  };
}
