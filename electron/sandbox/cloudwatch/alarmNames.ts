/**
 * The names of the alarms the sandbox's CloudWatch keeps for a service: `payment-service-5xx`
 * in production; other environments' alarms carry the environment first, as alarm names are
 * unique in an account.
 */
export function serviceAlarmName(environment: string, serviceName: string, kind: '5xx' | 'cpu-high'): string {
  return environment === 'production' ? `${serviceName}-${kind}` : `${environment}-${serviceName}-${kind}`;
}
