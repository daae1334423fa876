import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  StopServiceDeploymentCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  LoadBalancerNotFoundException,
  type TargetHealthDescription,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';

const production = 'flarenet-production';
const region = 'us-east-1';
const account = '000000000000';

let harness: TestSandbox;
let elb: ElasticLoadBalancingV2Client;

beforeAll(async () => {
  harness = await startTestSandbox({ kafka: { traffic: false } });
  elb = new ElasticLoadBalancingV2Client(sandboxClientConfig(harness.sandbox.ecsEndpoint));
});

afterAll(async () => {
  elb.destroy();
  await harness.close();
});

async function targetGroupArnOf(cluster: string, service: string): Promise<string> {
  const { services } = await harness.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return services![0]!.loadBalancers![0]!.targetGroupArn!;
}

/** Each live task's private IP and the task definition it runs, as DescribeTasks shows them. */
async function taskDefinitionsByIp(cluster: string, service: string): Promise<Map<string, string>> {
  const byIp = new Map<string, string>();
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    const { taskArns } = await harness.ecs.send(
      new ListTasksCommand({ cluster, serviceName: service, desiredStatus }),
    );
    if (!taskArns?.length) continue;
    const { tasks } = await harness.ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
    for (const task of tasks ?? []) {
      const ip = task.attachments?.[0]?.details?.find(
        (detail) => detail.name === 'privateIPv4Address',
      )?.value;
      expect(task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address).toBe(ip);
      byIp.set(ip!, task.taskDefinitionArn!);
    }
  }
  return byIp;
}

async function targetHealth(arn: string): Promise<TargetHealthDescription[]> {
  const { TargetHealthDescriptions } = await elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: arn }),
  );
  return TargetHealthDescriptions ?? [];
}

describe('load balancers and target groups', () => {
  it("serves each cluster's load balancer and the target groups ECS services name, consistently", async () => {
    const { LoadBalancers } = await elb.send(new DescribeLoadBalancersCommand({}));
    expect(LoadBalancers?.map((balancer) => balancer.LoadBalancerName)).toEqual([
      'flarenet-staging-alb',
      `${production}-alb`,
    ]);
    const balancer = LoadBalancers![1]!;
    expect(balancer).toMatchObject({
      Type: 'application',
      Scheme: 'internet-facing',
      State: { Code: 'active' },
    });
    expect(balancer.LoadBalancerArn).toMatch(
      new RegExp(
        `^arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${production}-alb/[0-9a-f]{16}$`,
      ),
    );
    expect(balancer.CreatedTime).toBeInstanceOf(Date);

    const arn = await targetGroupArnOf(production, 'api-gateway');
    const { TargetGroups } = await elb.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: balancer.LoadBalancerArn }),
    );
    expect(TargetGroups?.map((group) => group.TargetGroupArn)).toEqual([arn]);
    expect(TargetGroups![0]).toMatchObject({
      TargetGroupName: `${production}-api-gateway`,
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      LoadBalancerArns: [balancer.LoadBalancerArn],
    });
    const byName = await elb.send(new DescribeLoadBalancersCommand({ Names: [`${production}-alb`] }));
    expect(byName.LoadBalancers?.map((found) => found.LoadBalancerArn)).toEqual([balancer.LoadBalancerArn]);
  });

  it('pages target groups with PageSize and Marker', async () => {
    const first = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
    expect(first.TargetGroups).toHaveLength(1);
    expect(first.NextMarker).toBeDefined();
    const second = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 1, Marker: first.NextMarker }));
    expect(second.TargetGroups).toHaveLength(1);
    expect(second.NextMarker).toBeUndefined();
    expect(second.TargetGroups![0]!.TargetGroupArn).not.toBe(first.TargetGroups![0]!.TargetGroupArn);
  });

  it('answers unknown and malformed names as ELBv2 does, through the typed exceptions', async () => {
    const unknownGroup = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/nobody/0123456789abcdef`;
    await expect(
      elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: unknownGroup })),
    ).rejects.toBeInstanceOf(TargetGroupNotFoundException);
    await expect(
      elb.send(new DescribeTargetGroupsCommand({ Names: ['flarenet-qa-api-gateway'] })),
    ).rejects.toBeInstanceOf(TargetGroupNotFoundException);
    await expect(
      elb.send(new DescribeLoadBalancersCommand({ Names: ['flarenet-qa'] })),
    ).rejects.toBeInstanceOf(LoadBalancerNotFoundException);
    const malformed = await elb
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: 'api-gateway' }))
      .catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(malformed).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    expect((malformed as Error).message).toBe("'api-gateway' is not a valid target group ARN");
  });
});

describe('the query protocol on the wire', () => {
  async function postForm(body: string): Promise<{ status: number; type: string | null; text: string }> {
    const response = await fetch(harness.sandbox.ecsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  }

  it('answers in XML with the result and a request id, and refuses an unknown action or version', async () => {
    const answer = await postForm(
      'Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=flarenet-staging-alb',
    );
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/xml');
    expect(answer.text).toMatch(
      /^<DescribeLoadBalancersResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><DescribeLoadBalancersResult><LoadBalancers><member>/,
    );
    expect(answer.text).toMatch(
      /<ResponseMetadata><RequestId>[\w-]+<\/RequestId><\/ResponseMetadata><\/DescribeLoadBalancersResponse>$/,
    );
    const unknown = await postForm('Action=DeleteLoadBalancer&Version=2015-12-01');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('<Error><Type>Sender</Type><Code>InvalidAction</Code>');
    const oldVersion = await postForm('Action=DescribeLoadBalancers&Version=2012-06-01');
    expect(oldVersion.status).toBe(400);
    expect(oldVersion.text).toContain(
      '<Code>InvalidParameterValue</Code><Message>Version must be 2015-12-01.</Message>',
    );
  });
});

describe('target health', () => {
  it('has every running task of the service as a healthy target on its container port', async () => {
    const arn = await targetGroupArnOf(production, 'api-gateway');
    const byIp = await taskDefinitionsByIp(production, 'api-gateway');
    const targets = await targetHealth(arn);
    expect(targets).toHaveLength(4);
    for (const target of targets) {
      expect(byIp.has(target.Target!.Id!)).toBe(true);
      expect(target.Target!.Port).toBe(8080);
      expect(target.TargetHealth).toEqual({ State: 'healthy' });
    }
    const asked = await elb.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: targets[0]!.Target!.Id! }, { Id: '10.9.9.9', Port: 8080 }],
      }),
    );
    expect(asked.TargetHealthDescriptions?.map((target) => target.TargetHealth?.State)).toEqual([
      'healthy',
      'unused',
    ]);
    expect(asked.TargetHealthDescriptions![1]!.TargetHealth?.Reason).toBe('Target.NotRegistered');
  });

  it("shows a bad deploy's tasks as unhealthy targets beside the old revision's healthy ones, and drains them on rollback", async () => {
    const { sandbox, ecs } = harness;
    const arn = await targetGroupArnOf(production, 'api-gateway');
    const before = await taskDefinitionsByIp(production, 'api-gateway');
    const oldRevision = [...before.values()][0]!;
    const { taskDefinitionArn: badRevision } = await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'api-gateway',
      circuitBreaker: 'off',
    });

    // Step through simulated time until the new tasks have a verdict from the load balancer.
    const seen = new Set<string>();
    let unhealthy: TargetHealthDescription[] = [];
    let byIp = before;
    for (let step = 0; step < 100 && unhealthy.length === 0; step++) {
      sandbox.advance(200);
      const targets = await targetHealth(arn);
      byIp = await taskDefinitionsByIp(production, 'api-gateway');
      for (const target of targets)
        if (byIp.get(target.Target!.Id!) === badRevision) seen.add(target.TargetHealth!.State!);
      unhealthy = targets.filter((target) => target.TargetHealth?.State === 'unhealthy');
      const old = targets.filter((target) => byIp.get(target.Target!.Id!) === oldRevision);
      expect(old.map((target) => target.TargetHealth?.State)).toEqual([
        'healthy',
        'healthy',
        'healthy',
        'healthy',
      ]);
    }
    expect(seen.has('initial')).toBe(true);
    expect(unhealthy.length).toBeGreaterThan(0);
    for (const target of unhealthy) {
      expect(byIp.get(target.Target!.Id!)).toBe(badRevision);
      expect(target.TargetHealth).toEqual({
        State: 'unhealthy',
        Reason: 'Target.FailedHealthChecks',
        Description: 'Health checks failed',
      });
    }

    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: production, services: ['api-gateway'] }),
    );
    await ecs.send(
      new StopServiceDeploymentCommand({
        serviceDeploymentArn: services![0]!.currentServiceDeployment!,
        stopType: 'ROLLBACK',
      }),
    );
    let drained = false;
    let targets: TargetHealthDescription[] = [];
    for (let step = 0; step < 300; step++) {
      sandbox.advance(200);
      targets = await targetHealth(arn);
      byIp = await taskDefinitionsByIp(production, 'api-gateway');
      if (targets.some((target) => target.TargetHealth?.State === 'draining')) {
        drained = true;
        const draining = targets.filter((target) => target.TargetHealth?.State === 'draining');
        for (const target of draining) {
          expect(byIp.get(target.Target!.Id!)).toBe(badRevision);
          expect(target.TargetHealth?.Reason).toBe('Target.DeregistrationInProgress');
        }
      }
      if (drained && targets.every((target) => byIp.get(target.Target!.Id!) === oldRevision)) break;
    }
    expect(drained).toBe(true);
    expect(targets.map((target) => target.TargetHealth?.State)).toEqual([
      'healthy',
      'healthy',
      'healthy',
      'healthy',
    ]);
    expect(targets.every((target) => byIp.get(target.Target!.Id!) === oldRevision)).toBe(true);
  });
});

describe('the AWS CLI', () => {
  const execFileAsync = promisify(execFile);
  it('reads target health through `aws elbv2 describe-target-health`', async ({ skip }) => {
    const found = await execFileAsync('aws', ['--version']).catch(() => null);
    if (!found) skip('The AWS CLI is not installed (apt-get install -y awscli), so this check does not run.');
    const arn = await targetGroupArnOf(production, 'api-gateway');
    const { stdout } = await execFileAsync(
      'aws',
      [
        'elbv2',
        'describe-target-health',
        '--target-group-arn',
        arn,
        '--endpoint-url',
        harness.sandbox.ecsEndpoint,
        '--output',
        'json',
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'sandbox',
          AWS_SECRET_ACCESS_KEY: 'sandbox',
          AWS_DEFAULT_REGION: region,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
    );
    const parsed = JSON.parse(stdout) as { TargetHealthDescriptions: TargetHealthDescription[] };
    expect(parsed.TargetHealthDescriptions.map((target) => target.Target?.Id).sort()).toEqual(
      (await targetHealth(arn)).map((target) => target.Target?.Id).sort(),
    );
  });
});
