import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';

/**
 * Amazon MSK's IAM authentication as kafkajs speaks it: SASL OAUTHBEARER with a token that
 * is a SigV4-presigned `kafka-cluster:Connect` URL, signed by AWS's own signer library from
 * the standard credential chain. Credentials stay in main; only the signed token reaches
 * the broker.
 */

export type AwsCredentialsProvider = ReturnType<typeof fromNodeProviderChain>;

export interface MskIamTokenOptions {
  region: string;
  profile?: string;
  /** Replaces the credential chain (tests, or an app that asks for MFA itself). */
  credentials?: AwsCredentialsProvider;
  now?: () => number;
}

/** A token is renewed this long before it expires, so a reconnect never presents a dying one. */
const renewBeforeExpiryMs = 60_000;

/**
 * kafkajs calls the provider on every (re)authentication and leaves reuse to it: one token
 * is shared until shortly before its expiry, and concurrent connections wait for the same
 * signing rather than each signing their own.
 */
export function mskIamTokenProvider(options: MskIamTokenOptions): () => Promise<{ value: string }> {
  const now = options.now ?? Date.now;
  const credentials =
    options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  let current: { token: string; expiresAt: number } | null = null;
  let signing: Promise<{ value: string }> | null = null;

  return () => {
    if (current && now() < current.expiresAt - renewBeforeExpiryMs) {
      return Promise.resolve({ value: current.token });
    }
    signing ??= generateAuthTokenFromCredentialsProvider({
      region: options.region,
      awsCredentialsProvider: credentials,
    })
      .then(({ token, expiryTime }) => {
        current = { token, expiresAt: expiryTime };
        return { value: token };
      })
      .finally(() => {
        signing = null;
      });
    return signing;
  };
}
