/** How a real AWS SDK client is pointed at the sandbox, as the console points it: its URL, any keys, no retries. */
export function sandboxClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  };
}
