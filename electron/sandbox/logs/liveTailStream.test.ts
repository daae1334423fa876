import { type ChildProcess, spawn } from 'node:child_process';
import { StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';
import { awsCliVersion } from '../../testing/externalClients';
import { sandboxLogsClient } from '../../testing/logsTestClient';

/**
 * StartLiveTail's event stream as clients other than the JavaScript SDK read it: raw off the
 * wire, and through the AWS CLI (botocore), which refuses a stream that does not open with
 * `initial-response`.
 */

const groupArn = (service: string) =>
  `arn:aws:logs:us-east-1:000000000000:log-group:/ecs/flarenet/${service}`;

let harness: TestSandbox;
/** Moves the sandbox's clock a second every 25 ms, so live tails have new lines to send. */
let ticker: ReturnType<typeof setInterval>;

beforeAll(async () => {
  harness = await startTestSandbox({ logs: { liveTailUpdateMs: 40 } });
  ticker = setInterval(() => harness.sandbox.advance(1000), 25);
});

afterAll(async () => {
  clearInterval(ticker);
  await harness.close();
});

interface StreamMessage {
  headers: Record<string, string>;
  payload: string;
}

/** The first `count` event-stream messages of a StartLiveTail response, string headers only. */
async function firstMessages(body: object, count: number): Promise<StreamMessage[]> {
  const abort = new AbortController();
  const response = await fetch(harness.sandbox.ecsEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.StartLiveTail',
    },
    body: JSON.stringify(body),
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
  const messages: StreamMessage[] = [];
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of response.body!) {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
        const total = pending.readUInt32BE(0);
        messages.push(decodeMessage(pending.subarray(0, total)));
        pending = pending.subarray(total);
        if (messages.length === count) return messages;
      }
    }
  } finally {
    abort.abort();
  }
  return messages;
}

function decodeMessage(message: Buffer): StreamMessage {
  const headersLength = message.readUInt32BE(4);
  const headers: Record<string, string> = {};
  for (let at = 12; at < 12 + headersLength;) {
    const nameLength = message.readUInt8(at);
    const name = message.toString('utf8', at + 1, at + 1 + nameLength);
    at += 1 + nameLength;
    expect(message.readUInt8(at)).toBe(7);
    const valueLength = message.readUInt16BE(at + 1);
    headers[name] = message.toString('utf8', at + 3, at + 3 + valueLength);
    at += 3 + valueLength;
  }
  return { headers, payload: message.toString('utf8', 12 + headersLength, message.length - 4) };
}

describe('the StartLiveTail event stream', () => {
  it('opens with initial-response, then sessionStart', async () => {
    const [initial, start] = await firstMessages({ logGroupIdentifiers: [groupArn('order-service')] }, 2);
    expect(initial).toEqual({
      headers: {
        ':event-type': 'initial-response',
        ':message-type': 'event',
        ':content-type': 'application/json',
      },
      payload: '{}',
    });
    expect(start!.headers[':event-type']).toBe('sessionStart');
    expect(JSON.parse(start!.payload)).toMatchObject({ logGroupIdentifiers: [groupArn('order-service')] });
  });

  it('gives the SDK sessionStart first and no event it does not know', async () => {
    const client = sandboxLogsClient(harness.sandbox.ecsEndpoint);
    const abort = new AbortController();
    try {
      const response = await client.send(
        new StartLiveTailCommand({ logGroupIdentifiers: [groupArn('user-service')] }),
        { abortSignal: abort.signal },
      );
      const kinds: string[] = [];
      for await (const event of response.responseStream!) {
        kinds.push(Object.keys(event).find((key) => event[key as keyof typeof event] !== undefined)!);
        if (kinds.length === 3) break;
      }
      expect(kinds).toEqual(['sessionStart', 'sessionUpdate', 'sessionUpdate']);
    } finally {
      abort.abort();
      client.destroy();
    }
  });
});

const cliVersion = awsCliVersion;

describe.skipIf(cliVersion === null)(
  cliVersion === null
    ? 'aws logs start-live-tail (the AWS CLI is not installed: apt-get install -y awscli)'
    : `aws logs start-live-tail with ${cliVersion}`,
  () => {
    it('prints the group’s new lines, having accepted the stream', async () => {
      const child = spawn(
        'aws',
        [
          'logs',
          'start-live-tail',
          '--endpoint-url',
          harness.sandbox.ecsEndpoint,
          '--region',
          'us-east-1',
          '--log-group-identifiers',
          groupArn('inventory-service'),
        ],
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            AWS_ACCESS_KEY_ID: 'sandbox',
            AWS_SECRET_ACCESS_KEY: 'sandbox',
            AWS_CONFIG_FILE: '/nonexistent',
            AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
            AWS_EC2_METADATA_DISABLED: 'true',
            // Live tail's endpoint host prefix (streaming-) has no meaning for a local endpoint.
            AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const output = await readUntil(child, (stdout) => stdout.split('\n').length > 5);
      expect(output.stderr).not.toMatch(/initial-response|Traceback|error/i);
      // inventory-service logs in logfmt; the CLI prints each message as it came.
      const lines = output.stdout.split('\n').filter((line) => line !== '');
      expect(lines.length).toBeGreaterThanOrEqual(5);
      for (const line of lines.slice(0, 5))
        expect(line).toMatch(/^time=\S+ level=\w+ .*service=inventory-service/);
    });
  },
);

/** Collects the child's output until `enough` holds or it exits, then ends it. */
function readUntil(
  child: ChildProcess,
  enough: (stdout: string) => boolean,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const finish = () => {
      child.kill();
      resolve({ stdout, stderr });
    };
    const limit = setTimeout(finish, 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (enough(stdout)) {
        clearTimeout(limit);
        finish();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', () => {
      clearTimeout(limit);
      resolve({ stdout, stderr });
    });
  });
}
