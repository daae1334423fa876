/** Pieces of the filter pattern syntax that term, regex and JSON patterns share. */

export type LogEventFilter = (message: string) => boolean;

/** A pattern CloudWatch Logs would refuse; the endpoint answers InvalidParameterException. */
export class FilterPatternError extends Error {
  override name = 'FilterPatternError';
}

/** Index of the quote that closes the one at `open`, skipping escaped quotes; -1 when there is none. */
export function closingQuote(text: string, open: number): number {
  for (let index = open + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return -1;
}

/** What AWS admits between the % signs: no groups, no multi-byte characters, a short list of symbols. */
const regexCharacters = /^[A-Za-z0-9 :_#=@/;,\-^$?[\]{}|\\*+.]*$/;

export function compileFilterRegex(body: string): RegExp {
  if (body === '') throw new FilterPatternError('A regular expression filter pattern cannot be empty.');
  if (!regexCharacters.test(body)) {
    throw new FilterPatternError(
      `Invalid character(s) in regular expression %${body}%: parentheses, multi-byte characters and symbols outside : _ # = @ / ; , - are not supported.`,
    );
  }
  try {
    return new RegExp(body);
  } catch (error) {
    throw new FilterPatternError(
      `Invalid regular expression %${body}%: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
