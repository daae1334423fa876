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

export interface RendererBundleSizes {
  /** The entry chunk first, then the chunks it imports statically: all loaded before the first screen. */
  firstLoad: ChunkSize[];
  lazy: ChunkSize[];
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
  const firstLoadNames = new Set<string>();
  const visit = (fileName: string) => {
    if (firstLoadNames.has(fileName)) return;
    firstLoadNames.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  visit(entry.fileName);
  const firstLoad = [...firstLoadNames].map((name) => sizeOf(name, chunks.get(name)?.code ?? ''));
  const lazy = [...chunks.values()]
    .filter((chunk) => !firstLoadNames.has(chunk.fileName))
    .map((chunk) => sizeOf(chunk.fileName, chunk.code));
  return { firstLoad, lazy, styles };
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function describeChunk(chunk: ChunkSize): string {
  return `${chunk.fileName}: ${kilobytes(chunk.rawBytes)} raw, ${kilobytes(chunk.gzipBytes)} gzip`;
}

/** The figures as lines for a person: the first load against its goal, then the rest. */
export function describeRendererBundle(sizes: RendererBundleSizes): string[] {
  const raw = sizes.firstLoad.reduce((sum, chunk) => sum + chunk.rawBytes, 0);
  const gzip = sizes.firstLoad.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
  const met = raw < firstLoadGoalBytes;
  return [
    `renderer first load ${kilobytes(raw)} raw, ${kilobytes(gzip)} gzip in ${sizes.firstLoad.length} chunks (goal: under ${kilobytes(firstLoadGoalBytes)} raw, ${met ? 'met' : 'not met'})`,
    ...sizes.firstLoad.map((chunk) => `  first-load chunk ${describeChunk(chunk)}`),
    ...sizes.lazy.map((chunk) => `  lazy chunk ${describeChunk(chunk)}`),
    ...sizes.styles.map((chunk) => `  styles ${describeChunk(chunk)}`),
  ];
}
