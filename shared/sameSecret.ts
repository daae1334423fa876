/**
 * Whether a presented token equals the expected one, in a time that does not depend on where
 * they first differ, so a caller timing the answers learns nothing of the token. Both the
 * console host and the sandbox's controls check tokens this way.
 */
export function sameSecret(presented: string, expected: string): boolean {
  let difference = presented.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    // Past the end of a shorter `presented`, charCodeAt is NaN, which XOR takes as 0.
    difference |= presented.charCodeAt(index) ^ expected.charCodeAt(index);
  }
  return difference === 0;
}
