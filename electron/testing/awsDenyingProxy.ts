import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the sandbox's AWS endpoint that passes calls through until told
 * to deny them, then answers every call as AWS answers a principal without permission
 * (AWS JSON 1.0, query-compatible: `AccessDenied` in `x-amzn-query-error`), as when a role
 * loses cloudwatch:GetMetricData or its session expires.
 */
export interface AwsDenyingProxy {
  url: string;
  /** While true, every call it refuses (all, unless told otherwise) is answered AccessDenied. */
  denying: boolean;
  close(): Promise<void>;
}

export async function startAwsDenyingProxy(
  upstream: string,
  options: {
    /** Which calls are refused while denying, by their `x-amz-target` (e.g. only CloudWatch's); default every call. */
    refuses?: (target: string) => boolean;
  } = {},
): Promise<AwsDenyingProxy> {
  const state = { denying: false };
  const refuses = options.refuses ?? (() => true);
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readAll(request);
      const target = String(request.headers['x-amz-target'] ?? '');
      if (state.denying && refuses(target)) {
        const operation = target.split('.').pop() ?? 'the call';
        response.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-query-error': 'AccessDenied;Sender',
        });
        response.end(
          JSON.stringify({
            __type: 'com.amazon.coral.service#AccessDeniedException',
            message: `User: arn:aws:sts::000000000000:assumed-role/oncall/console is not authorized to perform: cloudwatch:${operation}`,
          }),
        );
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
          headers.set(name, value);
      const answer = await fetch(new URL(request.url ?? '/', upstream), {
        method: request.method ?? 'POST',
        headers,
        ...(request.method === 'GET' ? {} : { body }),
      });
      const text = Buffer.from(await answer.arrayBuffer());
      response.writeHead(
        answer.status,
        Object.fromEntries(
          [...answer.headers].filter(
            ([name]) =>
              name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding',
          ),
        ),
      );
      response.end(text);
    })().catch((error: unknown) => {
      response.writeHead(502);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get denying() {
      return state.denying;
    },
    set denying(value: boolean) {
      state.denying = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
