import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
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

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Serves the built renderer. The bundle holds no data, so it needs no token; the data
 * only flows over the token-checked WebSocket. Paths never leave `root`.
 */
export async function serveStaticFile(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const rootDir = resolve(root);
  const url = new URL(request.url ?? '/', 'http://console.invalid');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return sendText(response, 400, 'Bad path.');
  }
  if (pathname.includes('\0')) return sendText(response, 400, 'Bad path.');
  const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^([/\\])+/, '');
  const filePath = resolve(join(rootDir, relative));
  if (filePath !== rootDir && !filePath.startsWith(rootDir + sep))
    return sendText(response, 403, 'Forbidden.');

  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return sendText(response, 404, 'Not found.');
    size = info.size;
  } catch {
    if (relative === 'index.html') {
      return sendText(
        response,
        503,
        `The renderer is not built: ${join(rootDir, 'index.html')} is missing. Run "npm run build".`,
      );
    }
    return sendText(response, 404, 'Not found.');
  }
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': contentTypes[extname(filePath)] ?? 'application/octet-stream',
    'Content-Length': size,
    // Hashed asset names change with their content; the page itself must always be fresh.
    'Cache-Control': relative.startsWith('assets') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(filePath).pipe(response);
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
