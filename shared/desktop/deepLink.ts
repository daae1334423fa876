import { z } from 'zod';
import { awsNameSchema, environmentNameSchema, kafkaNameSchema } from '../nameSchemas';

/** The scheme the desktop app registers with the operating system. */
export const deepLinkScheme = 'flarenet';

/** What a `flarenet://` link opens: one service of the fleet, or one consumer group. */
export const linkTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('service'),
    environment: environmentNameSchema,
    cluster: awsNameSchema,
    service: awsNameSchema,
  }),
  z.object({
    kind: z.literal('group'),
    cluster: kafkaNameSchema,
    group: z.string().min(1).max(255),
  }),
]);
export type LinkTarget = z.infer<typeof linkTargetSchema>;

const linkShapes = {
  service: {
    parts: ['environment', 'cluster', 'service'],
    example: 'flarenet://service/<environment>/<cluster>/<service>',
  },
  group: { parts: ['cluster', 'group'], example: 'flarenet://group/<cluster>/<group>' },
} as const;

/** Longer than any link the console makes; a longer one is refused before it is read. */
const longestLink = 2_000;

export type DeepLinkResult = { ok: true; target: LinkTarget } | { ok: false; error: string };

/**
 * Reads a `flarenet://service/<environment>/<cluster>/<service>` or
 * `flarenet://group/<cluster>/<group>` link. Each part is percent-decoded on its own, so a
 * group id with a `/` travels as `%2F`. A link that is not one of these says which part is
 * wrong and what the link should look like; it never throws.
 */
export function parseDeepLink(link: string): DeepLinkResult {
  const refuse = (why: string): DeepLinkResult => ({
    ok: false,
    error: `Cannot open ${quote(link, 120)}: ${why}`,
  });
  if (link.length > longestLink) return refuse(`a link is at most ${longestLink} characters.`);

  const prefix = `${deepLinkScheme}://`;
  if (!link.toLowerCase().startsWith(prefix)) return refuse(`a console link starts with ${prefix}`);
  // The query and fragment carry nothing the console reads.
  const path = link.slice(prefix.length).split(/[?#]/, 1)[0]!.replace(/\/$/, '');
  const [kind = '', ...encoded] = path.split('/');
  if (kind !== 'service' && kind !== 'group')
    return refuse(
      `${quote(kind)} is not something the console opens: use ${linkShapes.service.example} or ${linkShapes.group.example}.`,
    );

  const shape = linkShapes[kind];
  if (encoded.length !== shape.parts.length || encoded.some((part) => part === ''))
    return refuse(`a ${kind} link is ${shape.example}.`);
  const decoded: string[] = [];
  for (const [index, part] of encoded.entries()) {
    try {
      decoded.push(decodeURIComponent(part));
    } catch {
      return refuse(`the ${shape.parts[index]} ${quote(part)} is not valid percent-encoding.`);
    }
  }

  const fields = Object.fromEntries(shape.parts.map((name, index) => [name, decoded[index]]));
  const parsed = linkTargetSchema.safeParse({ kind, ...fields });
  if (parsed.success) return { ok: true, target: parsed.data };
  const issue = parsed.error.issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : 'link';
  return refuse(
    `the ${field} ${quote(String(fields[field] ?? ''))} is not a valid name (${issue?.message ?? 'invalid'}).`,
  );
}

/** A part of a link as an error message shows it: quoted, and cut short when long. */
function quote(text: string, longest = 60): string {
  return `"${text.length > longest ? `${text.slice(0, longest)}…` : text}"`;
}

/** The console link among a launch's arguments (the operating system passes it as one of them), if any. */
export function deepLinkInArgs(args: readonly string[]): string | null {
  const prefix = `${deepLinkScheme}:`;
  return args.find((arg) => arg.toLowerCase().startsWith(prefix)) ?? null;
}

/** The `flarenet://` link that opens a target: each part percent-encoded, as parseDeepLink reads it. */
export function deepLinkFor(target: LinkTarget): string {
  const parts =
    target.kind === 'service'
      ? [target.environment, target.cluster, target.service]
      : [target.cluster, target.group];
  return `${deepLinkScheme}://${target.kind}/${parts.map(encodeURIComponent).join('/')}`;
}
