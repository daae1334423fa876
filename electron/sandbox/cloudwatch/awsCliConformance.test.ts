import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliVersion, runProgram } from '../../testing/externalClients';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';

/**
 * The sandbox's CloudWatch read by a client other than the JavaScript SDK: the AWS CLI,
 * whose botocore speaks Smithy RPC v2 CBOR to CloudWatch rather than AWS JSON.
 */

const minute = 60_000;
let harness: TestSandbox;

beforeAll(async () => {
  harness = await startTestSandbox();
  harness.sandbox.advance(10 * minute);
});

afterAll(async () => {
  await harness.close();
});

/** Runs `aws cloudwatch …` against the sandbox with throwaway credentials and no local configuration. */
function awsCloudWatch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const environment = {
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return runProgram('env', [
    ...Object.entries(environment).map(([name, value]) => `${name}=${value}`),
    'aws',
    'cloudwatch',
    ...args,
    '--endpoint-url',
    harness.sandbox.ecsEndpoint,
    '--region',
    'us-east-1',
    '--output',
    'json',
  ]);
}

const cliVersion = awsCliVersion;

describe.skipIf(cliVersion === null)(
  cliVersion === null
    ? 'aws cloudwatch (the AWS CLI is not installed: apt-get install -y awscli)'
    : `aws cloudwatch with ${cliVersion}`,
  () => {
    it('reads the same datapoints GetMetricData gives the SDK', async () => {
      const end = Math.floor(harness.clock.now() / minute) * minute;
      const queries = [
        {
          Id: 'cpu',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'ClusterName', Value: 'flarenet-production' },
                { Name: 'ServiceName', Value: 'order-service' },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
      ];
      const result = await awsCloudWatch([
        'get-metric-data',
        '--start-time',
        new Date(end - 5 * minute).toISOString(),
        '--end-time',
        new Date(end).toISOString(),
        '--metric-data-queries',
        JSON.stringify(queries),
      ]);
      expect(result.stderr).toBe('');
      const answer = JSON.parse(result.stdout) as {
        MetricDataResults: Array<{
          Id: string;
          StatusCode: string;
          Timestamps: Array<number | string>;
          Values: number[];
        }>;
      };
      const [cpu] = answer.MetricDataResults;
      expect(cpu).toMatchObject({ Id: 'cpu', StatusCode: 'Complete' });
      // CLI v1 prints timestamps as they came (epoch seconds); v2 formats them as ISO 8601.
      expect(
        cpu!.Timestamps.map((time) => (typeof time === 'number' ? time * 1000 : Date.parse(time))),
      ).toEqual([1, 2, 3, 4, 5].map((back) => end - back * minute));
      expect(cpu!.Values).toHaveLength(5);
      expect(cpu!.Values.every((value) => value > 0 && value < 100)).toBe(true);
    });

    it('lists the alarms in ALARM state and reports a refused request with its error code', async () => {
      const calm = await awsCloudWatch(['describe-alarms', '--state-value', 'ALARM']);
      expect(calm.stderr).toBe('');
      expect(JSON.parse(calm.stdout)).toMatchObject({ MetricAlarms: [] });
      const named = await awsCloudWatch(['describe-alarms', '--alarm-names', 'api-gateway-5xx']);
      expect(JSON.parse(named.stdout)).toMatchObject({
        MetricAlarms: [{ AlarmName: 'api-gateway-5xx', StateValue: 'OK', Namespace: 'AWS/ApplicationELB' }],
      });
      const refused = await awsCloudWatch([
        'describe-alarms',
        '--alarm-names',
        'api-gateway-5xx',
        '--alarm-name-prefix',
        'api',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/InvalidParameterCombination/);
    });
  },
);
