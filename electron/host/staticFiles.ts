import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { contentSecurityPolicy } from '../core/app/contentSecurityPolicy';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Text compresses to a fraction; images and fonts already are compressed. */
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

type Encoding = 'br' | 'gzip' | 'identity';

interface CachedFile {
  mtimeMs: number;
  bodies: Partial<Record<Encoding, Buffer>>;
}

const compressWith: Record<Exclude<Encoding, 'identity'>, (body: Buffer) => Promise<Buffer>> = {
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

/**
 * Serves the built renderer. The bundle holds no data, so it needs no token; the data only
 * flows over the token-checked WebSocket. Paths never leave `root`, not even through a
 * symbolic link; source maps are served only in development, since they carry the source.
 * Text goes out brotli- or gzip-compressed, each file compressed once while it is unchanged:
 * a wall screen on a slow network loads the console in a fraction of the bytes.
 */
export class StaticFiles {
  private readonly root: string;
  private realRoot: Promise<string> | null = null;
  private readonly cache = new Map<string, CachedFile>();

  constructor(
    root: string,
    private readonly options: { serveSourceMaps: boolean },
  ) {
    this.root = resolve(root);
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://console.invalid');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return sendText(response, 400, 'Bad path.');
    }
    if (pathname.includes('\0')) return sendText(response, 400, 'Bad path.');
    const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^([/\\])+/, '');
    const filePath = resolve(join(this.root, relative));
    if (!isInside(filePath, this.root)) return sendText(response, 403, 'Forbidden.');
    if (extname(filePath) === '.map' && !this.options.serveSourceMaps)
      return sendText(response, 404, 'Not found: source maps are served only in development.');

    let modifiedAt: number;
    try {
      const info = await stat(filePath);
      if (!info.isFile()) return sendText(response, 404, 'Not found.');
      // A link inside the folder may lead out of it: judge a file by where it really is.
      if (!isInside(await realpath(filePath), await this.resolvedRoot()))
        return sendText(response, 403, 'Forbidden.');
      modifiedAt = info.mtimeMs;
    } catch {
      if (relative === 'index.html') {
        return sendText(
          response,
          503,
          `The renderer is not built: ${join(this.root, 'index.html')} is missing. Run "npm run build".`,
        );
      }
      return sendText(response, 404, 'Not found.');
    }

    const extension = extname(filePath);
    const encoding = compressible.has(extension)
      ? chooseEncoding(request.headers['accept-encoding'])
      : 'identity';
    const body = await this.body(filePath, modifiedAt, encoding);
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
      'Content-Length': body.length,
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
      ...(compressible.has(extension) ? { Vary: 'Accept-Encoding' } : {}),
      // Hashed asset names change with their content; the page itself must always be fresh.
      'Cache-Control': relative.startsWith('assets') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  private resolvedRoot(): Promise<string> {
    this.realRoot ??= realpath(this.root);
    return this.realRoot;
  }

  private async body(filePath: string, modifiedAt: number, encoding: Encoding): Promise<Buffer> {
    let cached = this.cache.get(filePath);
    if (cached?.mtimeMs !== modifiedAt) {
      cached = { mtimeMs: modifiedAt, bodies: {} };
      this.cache.set(filePath, cached);
    }
    const kept = cached.bodies[encoding];
    if (kept) return kept;
    const identity = cached.bodies.identity ?? (await readFile(filePath));
    cached.bodies.identity = identity;
    const body = encoding === 'identity' ? identity : await compressWith[encoding](identity);
    cached.bodies[encoding] = body;
    return body;
  }
}

/** Brotli where the browser takes it (every current one does over HTTP), else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const quality = parameters
      .map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1])
      .find((value) => value !== undefined);
    accepted.set(name, quality === undefined ? 1 : Number(quality));
  }
  const takes = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (takes('br')) return 'br';
  if (takes('gzip')) return 'gzip';
  return 'identity';
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
