import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/**
 * The real CloudWatch Logs client pointed at a sandbox as the console points it. The SDK
 * sends StartLiveTail to `stream-<host>` (its endpoint host prefix); a local endpoint has no
 * such host, so the prefix is turned off.
 */
export function sandboxLogsClient(endpoint: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
}
