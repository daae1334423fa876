import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sameSecret } from '../../shared/sameSecret';
import type { AwsJsonResponse } from './awsJsonProtocol';

/** Requests larger than this are refused before they are parsed. */
const maxBodyBytes = 5 * 1024 * 1024;

export interface ControlResponse {
  status: number;
  body: unknown;
}

/** An answer written as it is produced (an event stream), until its body ends or the client goes away. */
export interface AwsStreamResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export interface BinaryResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SandboxHttpHandlers {
  /** `POST /`: an AWS JSON 1.1 call, named by its X-Amz-Target header. */
  awsJson(target: string | undefined, body: string): AwsJsonResponse;
  /** `POST /` answered with a stream; null leaves the call to awsJson. `signal` aborts when the client goes away. */
  awsStream?(target: string | undefined, body: string, signal: AbortSignal): AwsStreamResponse | null;
  /**
   * `POST /service/<service>/operation/<operation>`: a Smithy RPC v2 CBOR call (the protocol
   * botocore picks for services that offer it); null when no service of that name is here.
   */
  rpcV2Cbor?(service: string, operation: string, body: Buffer): BinaryResponse | null;
  /** `POST /` with a form body: an AWS query protocol call (ELBv2), named by its `Action=`. */
  awsQuery?(body: string): AwsJsonResponse;
  /** `/_sandbox/...`: the sandbox's own controls; null when no control has that path. */
  control(method: string, path: string, body: string): Promise<ControlResponse | null>;
  /** What a control other than health asks of its caller, as a Bearer token; none: anyone local. */
  controlToken?: string;
}

export interface RunningHttpServer {
  url: string;
  close(): Promise<void>;
}

/** One HTTP server for the ECS endpoint and the sandbox controls; a bad request never takes it down. */
export async function startSandboxHttpServer(
  host: string,
  port: number,
  handlers: SandboxHttpHandlers,
): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    handle(handlers, request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent)
        sendJson(response, 500, { error: `The sandbox failed to handle the request: ${message}` });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  handlers: SandboxHttpHandlers,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const raw = await readBody(request);
  if (raw === null) {
    sendJson(response, 413, { error: `Request bodies are limited to ${maxBodyBytes} bytes.` });
    return;
  }
  const body = raw.toString('utf8');
  const path = new URL(request.url ?? '/', 'http://sandbox').pathname;
  const method = request.method ?? 'GET';
  const rpcV2 = /^\/service\/([^/]+)\/operation\/([^/]+)$/.exec(path);
  const rpcV2Answer = rpcV2 && method === 'POST' ? handlers.rpcV2Cbor?.(rpcV2[1]!, rpcV2[2]!, raw) : null;
  if (rpcV2Answer) {
    response.writeHead(rpcV2Answer.status, {
      ...rpcV2Answer.headers,
      'content-length': rpcV2Answer.body.length,
    });
    response.end(rpcV2Answer.body);
    return;
  }
  if (path.startsWith('/_sandbox/')) {
    const refusal = controlRefusal(request, method, path, handlers.controlToken);
    if (refusal) {
      sendJson(response, refusal.status, { error: refusal.error });
      return;
    }
    const answer = await handlers.control(method, path, body);
    sendJson(
      response,
      answer?.status ?? 404,
      answer?.body ?? { error: `No sandbox control at ${method} ${path}.` },
    );
    return;
  }
  if (path === '/' && method === 'POST' && handlers.awsQuery && isFormBody(request)) {
    send(response, handlers.awsQuery(body));
    return;
  }
  if (path === '/' && method === 'POST') {
    const header = request.headers['x-amz-target'];
    const target = Array.isArray(header) ? header[0] : header;
    const closed = new AbortController();
    response.once('close', () => closed.abort());
    const streamed = handlers.awsStream?.(target, body, closed.signal);
    if (streamed) {
      response.writeHead(streamed.status, streamed.headers);
      await pipeline(Readable.from(streamed.body), response);
      return;
    }
    send(response, handlers.awsJson(target, body));
    return;
  }
  sendJson(response, 404, {
    error: `Nothing at ${method} ${path}: ECS calls are POST / with an X-Amz-Target header.`,
  });
}

function send(response: ServerResponse, answer: AwsJsonResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}

/** The request's media type, without parameters such as a charset, in lower case. */
function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The AWS query protocol's calls are HTML forms; the JSON protocols never are. */
function isFormBody(request: IncomingMessage): boolean {
  return mediaType(request) === 'application/x-www-form-urlencoded';
}

/**
 * The controls change the fleet, so only programs may drive them, never a web page: a page
 * can send a form's `text/plain` POST to any port without asking, but not JSON, and a
 * browser always says where a page comes from.
 */
function controlRefusal(
  request: IncomingMessage,
  method: string,
  path: string,
  token: string | undefined,
): { status: number; error: string } | null {
  if (request.headers.origin !== undefined)
    return { status: 403, error: 'The sandbox controls do not answer web pages.' };
  if (token !== undefined && path !== '/_sandbox/health') {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(presented, token))
      return {
        status: 401,
        error:
          "This sandbox belongs to a console: its controls need the console host's token, as Authorization: Bearer <token> (the token in the URL the host printed).",
      };
  }
  if (method !== 'GET' && method !== 'HEAD' && mediaType(request) !== 'application/json')
    return { status: 415, error: 'Sandbox controls take a JSON body: send Content-Type: application/json.' };
  return null;
}

/** The whole body, or null when it is over the limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is still read to its end, so the connection can carry the refusal.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBodyBytes) chunks.push(chunk);
  }
  return size > maxBodyBytes ? null : Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
