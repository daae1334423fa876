import { closingQuote, compileFilterRegex, FilterPatternError, type LogEventFilter } from './filterSyntax';
import { compileJsonPattern } from './jsonFilterPattern';

export { FilterPatternError, type LogEventFilter } from './filterSyntax';

/**
 * CloudWatch Logs filter patterns, as FilterLogEvents and StartLiveTail apply them:
 *
 * - terms: `ERROR` (case-sensitive, matched anywhere in the message), `"exact phrase"`,
 *   several terms all required (`ERROR payment`), `?ERROR ?WARN` for any of them (ignored,
 *   as AWS ignores them, when required terms are present too), `-term` to exclude;
 * - a regular expression alone: `%refused|reset%` (without groups, as AWS allows);
 * - JSON patterns: `{ $.level = "ERROR" && $.latency_ms > 500 }` (see jsonFilterPattern.ts).
 *
 * Space-delimited patterns (`[ip, user, ...]`) are refused as invalid here.
 */

export function compileFilterPattern(pattern: string | undefined): LogEventFilter {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('['))
    throw new FilterPatternError(
      'Space-delimited filter patterns ([field, ...]) are not supported by the sandbox.',
    );
  if (text.length >= 2 && text.startsWith('%') && text.endsWith('%')) {
    const regex = compileFilterRegex(text.slice(1, -1));
    return (message) => regex.test(message);
  }
  return compileTermPattern(text);
}

interface Term {
  kind: 'required' | 'optional' | 'excluded';
  text: string;
}

function compileTermPattern(text: string): LogEventFilter {
  const terms = parseTerms(text);
  const required = terms.filter((term) => term.kind === 'required').map((term) => term.text);
  const optional = terms.filter((term) => term.kind === 'optional').map((term) => term.text);
  const excluded = terms.filter((term) => term.kind === 'excluded').map((term) => term.text);
  return (message) => {
    if (excluded.some((term) => message.includes(term))) return false;
    if (required.length > 0) return required.every((term) => message.includes(term));
    if (optional.length > 0) return optional.some((term) => message.includes(term));
    return true;
  };
}

function parseTerms(text: string): Term[] {
  const terms: Term[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /\s/.test(text[index]!)) index++;
    if (index >= text.length) break;
    let kind: Term['kind'] = 'required';
    if (text[index] === '?' || text[index] === '-') {
      kind = text[index] === '?' ? 'optional' : 'excluded';
      index++;
    }
    let term = '';
    if (text[index] === '"') {
      const end = closingQuote(text, index);
      if (end === -1) throw new FilterPatternError(`Unterminated quoted term in filter pattern: ${text}`);
      term = text.slice(index + 1, end).replace(/\\"/g, '"');
      index = end + 1;
    } else {
      const start = index;
      while (index < text.length && !/\s/.test(text[index]!)) index++;
      term = text.slice(start, index);
    }
    if (term === '') throw new FilterPatternError(`Empty term in filter pattern: ${text}`);
    terms.push({ kind, text: term });
  }
  return terms;
}
