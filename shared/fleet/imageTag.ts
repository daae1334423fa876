/**
 * What an on-call engineer wants from an image reference is the version: the tag,
 * or when the image is pinned by digest only, a short digest that still tells two
 * builds apart.
 */

const shortDigestLength = 12;

export function imageTagOf(image: string | null | undefined): string | null {
  if (!image) return null;
  const reference = image.trim();
  if (reference === '') return null;
  const { tag, digest } = parseImageReference(reference);
  if (tag) return tag;
  if (digest) return shortDigest(digest);
  // Docker pulls `latest` when a reference names no tag.
  return 'latest';
}

export interface ImageReference {
  /** `registry:5000/team/payment-service`: the part a tag or a digest is appended to. */
  repository: string;
  tag: string | null;
  /** `sha256:…`, when the reference pins one. */
  digest: string | null;
}

/** `registry/repo:tag@sha256:…` taken apart, as written: nothing is filled in or shortened. */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : null;
  // A colon before the last slash belongs to the registry's port, not to a tag.
  const lastSlash = nameAndTag.lastIndexOf('/');
  const lastColon = nameAndTag.lastIndexOf(':');
  return lastColon > lastSlash
    ? { repository: nameAndTag.slice(0, lastColon), tag: nameAndTag.slice(lastColon + 1), digest }
    : { repository: nameAndTag, tag: null, digest };
}

function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  if (colon < 0) return digest.slice(0, shortDigestLength);
  const algorithm = digest.slice(0, colon);
  return `${algorithm}:${digest.slice(colon + 1, colon + 1 + shortDigestLength)}`;
}
