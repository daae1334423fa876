/**
 * The renderer bundle's size: what the page downloads before it can draw anything (the entry
 * chunk) and what it loads later on demand (the lazy chunks). Builds with the project's
 * vite.config.ts, so the figures are those of `vite build`.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** The entry chunk should stay under this, raw: a console opened on a slow link still starts quickly. */
export const entryChunkGoalBytes = 500_000;

export interface ChunkSize {
  fileName: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface RendererBundleSizes {
  entry: ChunkSize;
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
  let entry: ChunkSize | undefined;
  const lazy: ChunkSize[] = [];
  const styles: ChunkSize[] = [];
  for (const output of outputs) {
    if (output.type === 'chunk') {
      if (output.isEntry) entry = sizeOf(output.fileName, output.code);
      else if (output.isDynamicEntry) lazy.push(sizeOf(output.fileName, output.code));
    } else if (output.fileName.endsWith('.css')) {
      styles.push(sizeOf(output.fileName, output.source));
    }
  }
  if (!entry) throw new Error('vite build produced no entry chunk.');
  return { entry, lazy, styles };
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function describeChunk(chunk: ChunkSize): string {
  return `${chunk.fileName}: ${kilobytes(chunk.rawBytes)} raw, ${kilobytes(chunk.gzipBytes)} gzip`;
}

/** The figures as lines for a person: the entry chunk against its goal, then the rest. */
export function describeRendererBundle(sizes: RendererBundleSizes): string[] {
  const met = sizes.entry.rawBytes < entryChunkGoalBytes;
  return [
    `renderer entry chunk ${describeChunk(sizes.entry)} (goal: under ${kilobytes(entryChunkGoalBytes)} raw, ${met ? 'met' : 'not met'})`,
    ...sizes.lazy.map((chunk) => `  lazy chunk ${describeChunk(chunk)}`),
    ...sizes.styles.map((chunk) => `  styles ${describeChunk(chunk)}`),
  ];
}
