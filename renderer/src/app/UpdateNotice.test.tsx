import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { ScriptedConsole } from '../testing/scriptedConsole';
import { ConsoleClientContext } from './consoleClientContext';
import { UpdateNotice } from './UpdateNotice';

/** Draws the notice to HTML as the page first shows it. */
async function draw(version: string): Promise<string> {
  const { prelude } = await prerender(
    <QueryClientProvider client={new QueryClient()}>
      <ConsoleClientContext.Provider value={new ScriptedConsole().client}>
        <UpdateNotice version={version} />
      </ConsoleClientContext.Provider>
    </QueryClientProvider>,
  );
  return new Response(prelude).text();
}

describe('UpdateNotice', () => {
  it('names the version and offers the restart and a later, as buttons the keyboard reaches', async () => {
    const html = await draw('0.2.0');
    expect(html).toContain('role="status"');
    expect(html).toContain('Version <!-- -->0.2.0<!-- --> is ready.');
    const buttons = [...html.matchAll(/<button type="button"[^>]*>([^<]*)<\/button>/g)].map(
      (match) => match[1],
    );
    expect(buttons).toEqual(['Restart to update', 'Later']);
  });
});
