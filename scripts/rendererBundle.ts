/**
 * The renderer bundle's size: what the page downloads before it can draw anything (the entry
 * chunk and every chunk it imports statically) and what it loads later on demand (the lazy
 * chunks). Builds with the project's vite.config.ts, so the figures are those of `vite build`.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** The first load should stay under this, raw: a console opened on a slow link still starts quickly. */
export const firstLoadGoalBytes = 500_000;

export interface ChunkSize {
  fileName: string;
  rawBytes: number;
  gzipBytes: number;
}

/** What opening one lazily loaded part (a view, a panel) loads on top of the first load. */
export interface LazyPartSize {
  /** The module the part's chunk is named after, e.g. TopologyView. */
  name: string;
  chunks: number;
  rawBytes: number;
  gzipBytes: number;
}

export interface RendererBundleSizes {
  /** The entry chunk first, then the chunks it imports statically: all loaded before the first screen. */
  firstLoad: ChunkSize[];
  lazy: ChunkSize[];
  /** Each chunk the page imports on demand, with the chunks it needs that the first load did not bring. */
  opening: LazyPartSize[];
  styles: ChunkSize[];
}

type BuildResult = Awaited<ReturnType<typeof build>>;
type BuildOutput = Extract<BuildResult, { output: unknown }>['output'][number];

function sizeOf(fileName: string, content: string | Uint8Array): ChunkSize {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { fileName, rawBytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
}

export async function measureRendererBundle(): Promise<RendererBundleSizes> {
  const result = await build({ logLevel: 'error' });
  const outputs: BuildOutput[] = (Array.isArray(result) ? result : [result]).flatMap((bundle) =>
    'output' in bundle ? bundle.output : [],
  );
  const chunks = new Map<string, Extract<BuildOutput, { type: 'chunk' }>>();
  const styles: ChunkSize[] = [];
  for (const output of outputs) {
    if (output.type === 'chunk') chunks.set(output.fileName, output);
    else if (output.fileName.endsWith('.css')) styles.push(sizeOf(output.fileName, output.source));
  }
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('vite build produced no entry chunk.');
  /** The chunk and every chunk it imports statically, but those already in `loaded`. */
  const closure = (fileName: string, loaded: ReadonlySet<string>): Set<string> => {
    const names = new Set<string>();
    const visit = (name: string) => {
      if (names.has(name) || loaded.has(name)) return;
      names.add(name);
      for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
    };
    visit(fileName);
    return names;
  };
  const firstLoadNames = closure(entry.fileName, new Set());
  const sizesOf = (names: Iterable<string>) =>
    [...names].map((name) => sizeOf(name, chunks.get(name)?.code ?? ''));
  const firstLoad = sizesOf(firstLoadNames);
  const lazy = sizesOf([...chunks.keys()].filter((name) => !firstLoadNames.has(name)));
  // From the chunks' dynamic imports rather than `isDynamicEntry`, which a chunk that some other
  // chunk imports statically as well (TimelineView, for its rows in the service panel) may not have.
  const importedOnDemand = new Set([...chunks.values()].flatMap((chunk) => chunk.dynamicImports));
  const opening = [...chunks.values()]
    .filter((chunk) => importedOnDemand.has(chunk.fileName) && !firstLoadNames.has(chunk.fileName))
    .map((chunk) => {
      const parts = sizesOf(closure(chunk.fileName, firstLoadNames));
      return {
        name: chunk.name,
        chunks: parts.length,
        rawBytes: sum(parts, 'rawBytes'),
        gzipBytes: sum(parts, 'gzipBytes'),
      };
    });
  return { firstLoad, lazy, opening, styles };
}

export function sum(chunks: readonly ChunkSize[], field: 'rawBytes' | 'gzipBytes'): number {
  return chunks.reduce((total, chunk) => total + chunk[field], 0);
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function describeChunk(chunk: ChunkSize): string {
  return `${chunk.fileName}: ${kilobytes(chunk.rawBytes)} raw, ${kilobytes(chunk.gzipBytes)} gzip`;
}

/** The figures as lines for a person: the first load against its goal, then the rest. */
export function describeRendererBundle(sizes: RendererBundleSizes): string[] {
  const raw = sum(sizes.firstLoad, 'rawBytes');
  const gzip = sum(sizes.firstLoad, 'gzipBytes');
  const met = raw < firstLoadGoalBytes;
  return [
    `renderer first load ${kilobytes(raw)} raw, ${kilobytes(gzip)} gzip in ${sizes.firstLoad.length} chunks (goal: under ${kilobytes(firstLoadGoalBytes)} raw, ${met ? 'met' : 'not met'})`,
    ...sizes.firstLoad.map((chunk) => `  first-load chunk ${describeChunk(chunk)}`),
    ...sizes.lazy.map((chunk) => `  lazy chunk ${describeChunk(chunk)}`),
    ...sizes.opening.map(
      (part) =>
        `  opening ${part.name} loads ${kilobytes(part.rawBytes)} raw, ${kilobytes(part.gzipBytes)} gzip more in ${part.chunks} chunk${part.chunks === 1 ? '' : 's'}`,
    ),
    ...sizes.styles.map((chunk) => `  styles ${describeChunk(chunk)}`),
  ];
}
