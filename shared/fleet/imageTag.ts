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

  const at = reference.indexOf('@');
  const nameAndTag = at >= 0 ? reference.slice(0, at) : reference;
  const digest = at >= 0 ? reference.slice(at + 1) : null;

  // A colon before the last slash belongs to the registry's port, not to a tag.
  const lastSlash = nameAndTag.lastIndexOf('/');
  const lastColon = nameAndTag.lastIndexOf(':');
  if (lastColon > lastSlash && lastColon < nameAndTag.length - 1) {
    return nameAndTag.slice(lastColon + 1);
  }
  if (digest) return shortDigest(digest);
  // Docker pulls `latest` when a reference names no tag.
  return 'latest';
}

function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  if (colon < 0) return digest.slice(0, shortDigestLength);
  const algorithm = digest.slice(0, colon);
  return `${algorithm}:${digest.slice(colon + 1, colon + 1 + shortDigestLength)}`;
}
