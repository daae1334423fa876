import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { hostSessionPath } from '../../shared/ipc/protocol';
import { sameSecret } from '../../shared/sameSecret';
import { newLaunchToken } from './hostToken';
import { sendText, StaticFiles } from './staticFiles';
import type { TextSessions } from './textSessions';

export interface ConsoleHostOptions {
  /** The console protocol, one session a connection (see coreThread.ts: the core in its own thread). */
  sessions: TextSessions;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 127.0.0.1 unless the user asks otherwise: the host serves live production data. */
  host?: string;
  port?: number;
  /** A token kept across restarts (--token-file), or a fixed one for tests; otherwise a random one per launch. */
  token?: string;
  /** Largest client message accepted, in bytes. */
  maxMessageBytes?: number;
  /** Serve the renderer's source maps (development only: they carry the source). */
  serveSourceMaps?: boolean;
}

export interface ConsoleHost {
  /** The URL to open, token included. */
  url: string;
  /**
   * A URL that opens the console once, within two minutes, without the token in it: what a
   * browser is started with, since a command line is readable by every local user.
   */
  launchUrl: () => string;
  origin: string;
  token: string;
  port: number;
  connectionCount(): number;
  close(): Promise<void>;
}

export const webSocketPath = '/ws';
export const launchPath = '/launch';
const launchCodeLifetimeMs = 120_000;

/**
 * Browser mode: serves the renderer over HTTP and the console protocol over a WebSocket,
 * to pages that present the launch token. This is what wall screens and the e2e tests use.
 */
export async function startConsoleHost(options: ConsoleHostOptions): Promise<ConsoleHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newLaunchToken();
  const maxPayload = options.maxMessageBytes ?? 1024 * 1024;
  const sockets = new Set<WebSocket>();
  const staticFiles = new StaticFiles(options.staticDir, {
    serveSourceMaps: options.serveSourceMaps ?? false,
  });
  const launchCodes = new Map<string, number>();
  // Known once the server listens; requests can only arrive after that.
  let origin = '';
  let hostNames = new Set<string>();

  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendText(response, 405, 'Method not allowed.');
    if (!hostNames.has((request.headers.host ?? '').toLowerCase()))
      return sendText(response, 421, `This console host answers to ${origin} only.`);
    const url = new URL(request.url ?? '/', 'http://console.invalid');
    if (url.pathname === hostSessionPath) {
      const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      response.writeHead(sameSecret(presented, token) ? 204 : 401, { 'cache-control': 'no-store' }).end();
      return;
    }
    if (url.pathname === launchPath) {
      const code = url.searchParams.get('code') ?? '';
      const issuedAt = launchCodes.get(code);
      launchCodes.delete(code);
      if (issuedAt === undefined || Date.now() - issuedAt > launchCodeLifetimeMs)
        return sendText(
          response,
          410,
          'This launch link was used already or has expired. Open the URL the console host printed when it started.',
        );
      response
        .writeHead(303, { location: `/?token=${encodeURIComponent(token)}`, 'cache-control': 'no-store' })
        .end();
      return;
    }
    staticFiles.serve(request, response).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'Could not read the file.');
      else response.destroy();
    });
  });

  const webSockets = new WebSocketServer({
    noServer: true,
    maxPayload,
    // The console's messages are JSON whose keys repeat from one message to the next: with the
    // window kept between messages a patch crosses in a fraction of its size, which a wall
    // screen on another floor's network notices. Small frames (a heartbeat) are not worth it.
    perMessageDeflate: { threshold: 512, zlibDeflateOptions: { level: 3 } },
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = hostNames.has((request.headers.host ?? '').toLowerCase())
      ? checkUpgrade(request, token, hostNames)
      : '421 Misdirected Request';
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      serveConnection(options.sessions, ws, () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  origin = `http://${urlHost}:${port}`;
  hostNames = namesToAnswer(host, port);

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    launchUrl: () => {
      const code = randomBytes(24).toString('base64url');
      const now = Date.now();
      for (const [known, issuedAt] of launchCodes)
        if (now - issuedAt > launchCodeLifetimeMs) launchCodes.delete(known);
      launchCodes.set(code, now);
      return `${origin}${launchPath}?code=${code}`;
    },
    origin,
    token,
    port,
    connectionCount: () => sockets.size,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      webSockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Returns the HTTP status line that refuses the upgrade, or null to accept it. A page from
 * another site could guess the port but not the token; the origin check also keeps out pages
 * that learned it some other way. Browsers always send an Origin: the page's own must be one of
 * the names this host answers to (a wall screen reaches a host bound to every interface by the
 * machine's address).
 */
function checkUpgrade(
  request: IncomingMessage,
  token: string,
  hostNames: ReadonlySet<string>,
): string | null {
  const url = new URL(request.url ?? '/', 'http://console.invalid');
  if (url.pathname !== webSocketPath) return '404 Not Found';
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return '401 Unauthorized';
  const requestOrigin = request.headers.origin;
  if (requestOrigin === undefined || !isOwnOrigin(requestOrigin, hostNames)) return '403 Forbidden';
  return null;
}

function isOwnOrigin(requestOrigin: string, hostNames: ReadonlySet<string>): boolean {
  try {
    const origin = new URL(requestOrigin);
    return origin.protocol === 'http:' && hostNames.has(origin.host.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * The Host headers this host answers: its loopback names and the address it was told to
 * bind. A page on another site that rebinds its own name to this machine sends its own name,
 * and is refused. Bound to every interface, the machine's own names and addresses count.
 */
function namesToAnswer(bound: string, port: number): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', bound.toLowerCase()]);
  if (bound === '0.0.0.0' || bound === '::') {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  }
  const withPort = [...names].map((name) => `${isIP(name) === 6 ? `[${name}]` : name}:${port}`);
  // A browser leaves out the port it assumes.
  return new Set(port === 80 ? [...withPort, ...names] : withPort);
}

function serveConnection(sessions: TextSessions, ws: WebSocket, onClose: () => void): void {
  const session = sessions.openSession((text) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      ws.send(
        JSON.stringify({
          type: 'protocol-error',
          error: { code: 'VALIDATION', message: 'Binary messages are not part of the console protocol.' },
        }),
      );
      return;
    }
    session.receive(rawDataToString(data));
  });
  ws.on('close', () => {
    session.close();
    onClose();
  });
  ws.on('error', () => ws.terminate());
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
