import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
const bundleText = `console.log(${JSON.stringify('the console '.repeat(2000))});\n`;
let openTickStreams = 0;
const deploys: string[] = [];

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'flarenet-host-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'assets', 'index-1.js'), bundleText);
  await writeFile(join(staticDir, 'assets', 'index-1.js.map'), '{"version":3,"sources":["secret.ts"]}');
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

/** A GET with the headers given, Host included, which fetch does not let a caller set. */
function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${host.origin}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
    request.end();
  });
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

  it('answers only to its own names, so a rebound name from another site is refused', async () => {
    const port = new URL(host.origin).port;
    expect((await get('/', { host: `evil.example:${port}` })).status).toBe(421);
    expect((await get('/', { host: `localhost:${port}` })).status).toBe(200);
    expect((await get('/', { host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it('opens the console once from a launch link that carries no token', async () => {
    const link = new URL(host.launchUrl());
    expect(link.search).not.toContain(host.token);
    const first = await get(`${link.pathname}${link.search}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/?token=${encodeURIComponent(host.token)}`);
    expect((await get(`${link.pathname}${link.search}`)).status).toBe(410);
    expect((await get('/launch?code=guessed')).status).toBe(410);
  });

  it('compresses text with brotli or gzip as the browser accepts, and sends it plain otherwise', async () => {
    const brotli = await get('/assets/index-1.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.body.length).toBeLessThan(bundleText.length / 10);
    expect(brotliDecompressSync(brotli.body).toString('utf8')).toBe(bundleText);
    const gzipped = await get('/assets/index-1.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(bundleText);
    const plain = await get('/assets/index-1.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(bundleText);
    expect(plain.headers.vary).toBe('Accept-Encoding');
  });

  it('serves source maps only in development', async () => {
    expect((await get('/assets/index-1.js.map')).status).toBe(404);
    const development = await startConsoleHost({
      sessions: routerTextSessions(new IpcRouter()),
      staticDir,
      port: 0,
      serveSourceMaps: true,
    });
    try {
      expect((await fetch(`${development.origin}/assets/index-1.js.map`)).status).toBe(200);
    } finally {
      await development.close();
    }
  });

  it.skipIf(process.platform === 'win32')('does not follow a link out of its folder', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'flarenet-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'not for the web');
      await symlink(join(outside, 'secret.txt'), join(staticDir, 'linked.txt'));
      const response = await get('/linked.txt');
      expect(response.status).toBe(403);
      expect(response.body.toString('utf8')).not.toContain('not for the web');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
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
  it('refuses a socket without the token, with a wrong token, from another origin or none, or to another name', async () => {
    expect(await upgradeStatus(socketUrl(null))).toBe(401);
    expect(await upgradeStatus(socketUrl('guess'))).toBe(401);
    expect(await upgradeStatus(socketUrl(host.token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(socketUrl(host.token))).toBe(403);
    expect(
      await upgradeStatus(socketUrl(host.token), {
        Origin: host.origin,
        Host: `evil.example:${new URL(host.origin).port}`,
      }),
    ).toBe(421);
    expect(await upgradeStatus(socketUrl(host.token), { Origin: host.origin })).toBe(101);
  });

  it("bound to every interface, takes a page opened by the machine's name, and refuses another site", async () => {
    const everywhere = await startConsoleHost({
      sessions: routerTextSessions(new IpcRouter()),
      staticDir,
      host: '0.0.0.0',
      port: 0,
    });
    try {
      const byName = `${hostname().toLowerCase()}:${everywhere.port}`;
      const socket = `ws://127.0.0.1:${everywhere.port}/ws?token=${encodeURIComponent(everywhere.token)}`;
      expect(await upgradeStatus(socket, { Host: byName, Origin: `http://${byName}` })).toBe(101);
      expect(
        await upgradeStatus(socket, { Host: byName, Origin: `http://evil.example:${everywhere.port}` }),
      ).toBe(403);
    } finally {
      await everywhere.close();
    }
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

  it('agrees to compress its messages with a client that offers to, and still answers', async () => {
    const { ws, client } = await connect();
    expect(ws.extensions).toMatch(/^permessage-deflate/);
    expect(await client.invoke(echoChannel, { text: 'compressed', times: 3 })).toEqual({
      ok: true,
      value: { echoed: 'compressed'.repeat(3) },
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
