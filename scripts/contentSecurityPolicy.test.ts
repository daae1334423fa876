import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, pageContentSecurityPolicy } from '../electron/core/app/contentSecurityPolicy';

const root = join(import.meta.dirname, '..');

const directives = (policy: string) => policy.split(';').map((directive) => directive.trim());

const characterReferences: Record<string, string> = { '&#39;': "'", '&quot;': '"', '&lt;': '<', '&gt;': '>' };
/** An attribute value as the browser reads it. */
const attributeText = (value: string) =>
  value
    .replace(/&#39;|&quot;|&lt;|&gt;/g, (reference) => characterReferences[reference]!)
    .replace(/&amp;/g, '&');

/** renderer/index.html as the project's Vite config writes it for the page. */
async function pageHtml(): Promise<string> {
  const vite = await createServer({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'silent',
    appType: 'custom',
    server: { middlewareMode: true, ws: false, watch: null },
  });
  try {
    return await vite.transformIndexHtml('/', await readFile(join(root, 'renderer', 'index.html'), 'utf8'));
  } finally {
    await vite.close();
  }
}

describe('the content security policy', () => {
  it('is carried by the page, once, before anything it governs', async () => {
    const html = await pageHtml();
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
    expect(metas.map((meta) => attributeText(meta[1]!))).toEqual([pageContentSecurityPolicy]);
    const governed = html.search(/<(script|link|style)\b/);
    expect(governed === -1 || metas[0]!.index < governed).toBe(true);
  });

  it('is the header the host sends, but for what only a header can carry', () => {
    const header = directives(contentSecurityPolicy);
    const page = directives(pageContentSecurityPolicy);
    expect(page.filter((directive) => !header.includes(directive))).toEqual([]);
    expect(header.filter((directive) => !page.includes(directive))).toEqual(["frame-ancestors 'none'"]);
  });

  it('never lets scripts come from strings', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
  });
});
