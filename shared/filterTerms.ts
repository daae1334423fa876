/**
 * A filter box takes words separated by spaces; a row is shown when every word appears
 * (case-insensitively) in one of its fields, so "prod fail" narrows to failing rows in
 * production.
 */
export function parseFilter(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0);
}

/** Every term is found in some field; `fields` are already lower case. */
export function matchesEveryTerm(fields: readonly string[], terms: readonly string[]): boolean {
  return terms.every((term) => fields.some((field) => field.includes(term)));
}
