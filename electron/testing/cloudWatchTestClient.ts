import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/** The real CloudWatch client pointed at a sandbox as the console points it. */
export function sandboxCloudWatchClient(endpoint: string): CloudWatchClient {
  return new CloudWatchClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
}
