import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../shared/fleet/fleetModel';
import type { Inbox } from '../../../shared/notifications/notificationModel';
import { openSecretStore } from '../kafka/secretStore';
import { startNotifications, type NotificationService } from './notificationService';

/**
 * Webhook sinks against a local HTTP server: the bodies Slack and a generic receiver get, a
 * 500 retried to success, and a failure that lands in the inbox with the URL masked.
 */

interface Received {
  path: string;
  body: unknown;
}

const started: { server: Server; dataDir: string; service: NotificationService }[] = [];

afterEach(async () => {
  for (const { server, dataDir, service } of started.splice(0)) {
    service.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** A receiver that answers each request with the next status in `statuses` (200 once they run out). */
async function setUp(
  statuses: number[],
  webhooks: { name: string; format: 'slack' | 'json'; path: string }[],
) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({ path: request.url ?? '', body });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-webhooks-'));
  const secrets = openSecretStore({ dataDir, log: () => undefined });
  for (const webhook of webhooks) await secrets.set(`${webhook.name}-url`, `${origin}${webhook.path}`);
  const service = await startNotifications({
    dataDir,
    fleet: { subscribe: (_listener: (event: FleetEvent) => void) => () => undefined },
    webhooks: webhooks.map(({ name, format }) => ({ name, format, urlSecret: `${name}-url` })),
    secrets,
    webhookRetryDelaysMs: [0, 0],
    log: () => undefined,
  });
  started.push({ server, dataDir, service });
  let inbox: Inbox = { entries: [], unread: 0 };
  service.inbox.subscribe((next) => (inbox = next));
  return { received, service, origin, inbox: () => inbox };
}

const alarm = {
  alarmName: 'payment-5xx',
  serviceKey: 'arn:aws:ecs:us-east-1:111122223333:cluster/flarenet-production|payment-service',
  environment: 'production',
  from: 'OK',
  to: 'ALARM',
  at: Date.now(),
  reason: 'Threshold Crossed: 5XX > 10 <for 3 datapoints>',
} as const;

describe('webhook sinks', () => {
  it('posts Slack incoming-webhook JSON and the generic body, then the resolution', async () => {
    const run = await setUp(
      [],
      [
        { name: 'slack', format: 'slack', path: '/services/T000/B000/slack-key' },
        { name: 'pager', format: 'json', path: '/hooks/pager' },
      ],
    );
    run.service.alarmChanged(alarm);
    await expect.poll(() => run.received.length).toBe(2);
    run.service.alarmChanged({ ...alarm, from: 'ALARM', to: 'OK', reason: 'Threshold no longer crossed' });
    await expect.poll(() => run.received.length).toBe(4);

    const slack = run.received.filter((request) => request.path === '/services/T000/B000/slack-key');
    expect(slack[0]!.body).toEqual({
      text: 'ERROR: Alarm payment-5xx is in ALARM on payment-service',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':red_circle: ERROR *Alarm payment-5xx is in ALARM on payment-service*\nThreshold Crossed: 5XX &gt; 10 &lt;for 3 datapoints&gt;',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'alarm · production · <flarenet://service/production/flarenet-production/payment-service|open in the console>',
            },
          ],
        },
      ],
    });
    expect((slack[1]!.body as { text: string }).text).toBe('RESOLVED: Alarm payment-5xx is back to OK');

    const generic = run.received.filter((request) => request.path === '/hooks/pager');
    expect(generic[0]!.body).toMatchObject({
      type: 'fired',
      link: 'flarenet://service/production/flarenet-production/payment-service',
      notification: {
        rule: 'alarm',
        title: 'Alarm payment-5xx is in ALARM on payment-service',
        resolution: null,
      },
    });
    expect(generic[1]!.body).toMatchObject({
      type: 'resolved',
      notification: { resolution: { title: 'Alarm payment-5xx is back to OK' } },
    });
    expect(run.inbox().entries.map((entry) => entry.notification.rule)).toEqual(['alarm']);
  });

  it('tries again after a 500 and is done once the receiver takes it', async () => {
    const run = await setUp([500], [{ name: 'pager', format: 'json', path: '/hooks/pager' }]);
    run.service.alarmChanged(alarm);
    await expect.poll(() => run.received.length).toBe(2);
    expect(run.received[0]!.body).toEqual(run.received[1]!.body);
    expect(run.inbox().entries.map((entry) => entry.notification.rule)).toEqual(['alarm']);
  });

  it('reports a delivery that keeps failing in the inbox, without the URL or its key', async () => {
    const run = await setUp(
      [503, 503, 503],
      [{ name: 'slack', format: 'slack', path: '/services/T000/B000/slack-key' }],
    );
    run.service.alarmChanged(alarm);
    await expect.poll(() => run.inbox().entries.length).toBe(2);
    expect(run.received).toHaveLength(3);
    const failure = run.inbox().entries[0]!.notification;
    expect(failure).toMatchObject({ rule: 'delivery-failed', severity: 'warning', link: null });
    expect(failure.body).toBe(
      'Webhook slack did not take "Alarm payment-5xx is in ALARM on payment-service": it answered HTTP 503 (tried up to 3 times).',
    );
    const everything = JSON.stringify(run.inbox());
    expect(everything).not.toContain('slack-key');
    expect(everything).not.toContain(run.origin);
  });

  it('masks the URL where fetch’s own error quotes it', async () => {
    const run = await setUp([], [{ name: 'pager', format: 'json', path: '/hooks/secret-token-path' }]);
    const secrets = openSecretStore({ dataDir: started[0]!.dataDir, log: () => undefined });
    // Not a URL fetch can parse: its error quotes the text it was given.
    await secrets.set('pager-url', 'http://hooks example/secret-token-path');
    run.service.alarmChanged(alarm);
    await expect.poll(() => run.inbox().entries.length, { timeout: 10_000 }).toBe(2);
    const failure = run.inbox().entries[0]!.notification;
    expect(failure.body).toMatch(
      /^Webhook pager did not take .*: Failed to parse URL from ••••••: Invalid URL/,
    );
    expect(JSON.stringify(run.inbox())).not.toContain('secret-token-path');
  });
});
