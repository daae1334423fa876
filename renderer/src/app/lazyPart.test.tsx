import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { lazyPart, PartLoadError, type LazyPart } from './lazyPart';

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

/** Draws the part the way the page does, to HTML, once its code has arrived. */
async function draw(part: LazyPart<{ name: string }>): Promise<string> {
  const Part = part.component;
  // A failure comes back as the rejection the tests look at; React need not log it as well.
  const { prelude } = await prerender(<Part name="on-call" />, { onError: () => undefined });
  return new Response(prelude).text();
}

/** A part whose code arrives as `outcomes` say, one outcome per import, counting the imports. */
function partLoading(outcomes: ('arrives' | 'fails')[]) {
  let imports = 0;
  const part = lazyPart('the Greeting view', () => {
    const outcome = outcomes[imports] ?? 'arrives';
    imports += 1;
    return outcome === 'arrives'
      ? Promise.resolve(Greeting)
      : Promise.reject(new Error('Failed to fetch dynamically imported module: /assets/Greeting.js'));
  });
  return { part, imports: () => imports };
}

describe('lazyPart', () => {
  it('imports the code once, whether it is preloaded first or drawn many times', async () => {
    const { part, imports } = partLoading(['arrives']);
    await part.preload();
    expect(await draw(part)).toContain('Hello <!-- -->on-call');
    expect(await draw(part)).toContain('on-call');
    expect(imports()).toBe(1);
  });

  it('says which part could not be loaded and why, then imports again when drawn again', async () => {
    const { part, imports } = partLoading(['fails', 'arrives']);
    const failure = await draw(part).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PartLoadError);
    expect((failure as PartLoadError).message).toBe(
      'the Greeting view could not be loaded: Failed to fetch dynamically imported module: /assets/Greeting.js',
    );
    expect(await draw(part)).toContain('on-call');
    expect(imports()).toBe(2);
  });

  it('keeps a failed preload to itself and lets the next draw import again', async () => {
    const { part, imports } = partLoading(['fails', 'arrives']);
    await expect(part.preload()).resolves.toBeUndefined();
    expect(await draw(part)).toContain('on-call');
    expect(imports()).toBe(2);
  });
});
