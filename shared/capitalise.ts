/** `text` with its first letter in capitals, for a sentence that starts with a name or a phrase. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
