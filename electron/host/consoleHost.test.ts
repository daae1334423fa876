import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConsoleClient } from '../../shared/ipc/client';
import { FramedClient } from '../../shared/ipc/framedClient';
import { serverMessageSchema, type ServerMessage } from '../../shared/ipc/protocol';
import { contentSecurityPolicy } from '../core/app/contentSecurityPolicy';
import { readOnlyPolicy } from '../core/app/readOnlyPolicy';
import { IpcRouter } from '../core/ipc/router';
import { deployChannel, echoChannel, tickStream } from '../testing/testChannels';
import { startConsoleHost, type ConsoleHost } from './consoleHost';
import { routerTextSessions } from './textSessions';

let staticDir: string;
let host: ConsoleHost;
let openTickStreams = 0;
const deploys: string[] = [];

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'flarenet-host-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  const router = new IpcRouter({
    actionPolicy: readOnlyPolicy('this console host is read-only; start it with --allow-actions'),
  });
  router.register(echoChannel, ({ text, times }) => ({ echoed: text.repeat(times) }));
  router.register(deployChannel, ({ service }) => {
    deploys.push(service);
    return { started: true };
  });
  router.registerStream(tickStream, ({ every }, emit) => {
    openTickStreams++;
    let tick = 0;
    const timer = setInterval(() => emit({ tick: tick++ }), every);
    return () => {
      openTickStreams--;
      clearInterval(timer);
    };
  });
  host = await startConsoleHost({ sessions: routerTextSessions(router), staticDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  await rm(staticDir, { recursive: true, force: true });
});

function socketUrl(token: string | null): string {
  const base = `${host.origin.replace('http', 'ws')}/ws`;
  return token === null ? base : `${base}?token=${encodeURIComponent(token)}`;
}

/** Opens a socket and resolves with the HTTP status the upgrade was refused with, or 101. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

async function connect(): Promise<{ ws: WebSocket; client: ConsoleClient; raw: ServerMessage[] }> {
  const ws = new WebSocket(socketUrl(host.token), { headers: { Origin: host.origin } });
  const framed = new FramedClient();
  const raw: ServerMessage[] = [];
  ws.on('message', (data: WebSocket.RawData) => {
    const parsed = serverMessageSchema.safeParse(JSON.parse(rawText(data)));
    if (!parsed.success) throw new Error('The host sent a message outside the protocol.');
    raw.push(parsed.data);
    framed.receive(parsed.data);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  framed.connectionOpened((message) => ws.send(JSON.stringify(message)));
  return { ws, client: new ConsoleClient(framed.transport), raw };
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the console host over HTTP', () => {
  it('binds loopback and prints a URL carrying the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with the CSP the page carries, which forbids eval', async () => {
    const response = await fetch(`${host.origin}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(contentSecurityPolicy);
    expect(csp).not.toContain('unsafe-eval');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const response = await fetch(`${host.origin}${path}`);
      expect([403, 404]).toContain(response.status);
      expect(await response.text()).not.toContain('root:');
    }
  });
});

describe('the console host over WebSocket', () => {
  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    expect(await upgradeStatus(socketUrl(null))).toBe(401);
    expect(await upgradeStatus(socketUrl('guess'))).toBe(401);
    expect(await upgradeStatus(socketUrl(host.token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(socketUrl(host.token), { Origin: host.origin })).toBe(101);
  });

  it('serves typed requests and rejects malformed payloads without dropping the connection', async () => {
    const { ws, client } = await connect();
    expect(await client.invoke(echoChannel, { text: 'hi', times: 2 })).toEqual({
      ok: true,
      value: { echoed: 'hihi' },
    });
    const bad = await client.invoke(echoChannel, { text: 'x'.repeat(50), times: 2 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await client.invoke(echoChannel, { text: 'again', times: 1 })).toEqual({
      ok: true,
      value: { echoed: 'again' },
    });
    ws.close();
  });

  it('answers non-JSON and binary frames with a protocol error and keeps serving', async () => {
    const { ws, client, raw } = await connect();
    ws.send('{not json');
    ws.send(Buffer.from([1, 2, 3]));
    await waitFor(() => raw.filter((message) => message.type === 'protocol-error').length === 2);
    expect(await client.invoke(echoChannel, { text: 'alive', times: 1 })).toMatchObject({ ok: true });
    ws.close();
  });

  it('refuses actions when read-only, over the wire as well', async () => {
    const { ws, client } = await connect();
    const result = await client.invoke(deployChannel, { service: 'payment-service' });
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(deploys).toEqual([]);
    ws.close();
  });

  it('streams events and ends the stream in main when the socket closes', async () => {
    const { ws, client } = await connect();
    const ticks: number[] = [];
    client.subscribe(tickStream, { every: 5 }, (event) => ticks.push(event.tick));
    await waitFor(() => ticks.length >= 3);
    expect(ticks.slice(0, 3)).toEqual([0, 1, 2]);
    expect(openTickStreams).toBe(1);
    ws.close();
    await waitFor(() => openTickStreams === 0);
    await waitFor(() => host.connectionCount() === 0);
  });
});

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

describe('the token check a page makes after a failed connection', () => {
  it('answers 204 for the launch token and 401 for any other, so a page can tell a restart from an outage', async () => {
    const check = (authorization?: string) =>
      fetch(`${host.origin}/session`, authorization ? { headers: { authorization } } : {}).then(
        (r) => r.status,
      );
    expect(await check(`Bearer ${host.token}`)).toBe(204);
    expect(await check('Bearer an-older-launch-token')).toBe(401);
    expect(await check()).toBe(401);
  });
});
