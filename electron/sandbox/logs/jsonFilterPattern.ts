import { closingQuote, compileFilterRegex, FilterPatternError, type LogEventFilter } from './filterSyntax';

/**
 * JSON filter patterns: `{ selector op value }` comparisons joined with `&&` and `||` (`&&`
 * binds tighter) and grouped with parentheses. Selectors are `$.a.b`, `$.a[0]`, `$.a[*]`,
 * `$.*` and `$.['dotted.key']`. Values are numbers, quoted or bare strings (`*` matches
 * anything) and `%regex%`; `IS TRUE|FALSE|NULL` and `NOT EXISTS` test a field itself.
 * A message that is not JSON, or a field that is missing, satisfies no comparison, and
 * comparisons never match booleans, objects or arrays — as CloudWatch Logs behaves.
 */

type Segment = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'any' };

type Literal =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string; glob: RegExp | null }
  | { kind: 'regex'; regex: RegExp };

type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; selector: Segment[]; operator: Operator; literal: Literal }
  | { kind: 'is'; selector: Segment[]; value: true | false | null }
  | { kind: 'missing'; selector: Segment[] };

type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';

const maxRegexes = 2;

export function compileJsonPattern(text: string): LogEventFilter {
  if (!text.endsWith('}')) throw new FilterPatternError(`A JSON filter pattern must end with }: ${text}`);
  const parser = new JsonPatternParser(text.slice(1, -1));
  const expression = parser.parse();
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    if (typeof document !== 'object' || document === null) return false;
    return evaluate(expression, document);
  };
}

function evaluate(expression: Expression, document: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, document) && evaluate(expression.right, document);
    case 'or':
      return evaluate(expression.left, document) || evaluate(expression.right, document);
    case 'missing':
      return resolve(document, expression.selector).length === 0;
    case 'is':
      return resolve(document, expression.selector).some((value) => value === expression.value);
    case 'compare':
      return resolve(document, expression.selector).some((value) =>
        compare(value, expression.operator, expression.literal),
      );
  }
}

function resolve(document: unknown, selector: readonly Segment[]): unknown[] {
  let values: unknown[] = [document];
  for (const segment of selector) {
    const next: unknown[] = [];
    for (const value of values) {
      if (typeof value !== 'object' || value === null) continue;
      if (segment.kind === 'any')
        next.push(
          ...(Array.isArray(value) ? (value as unknown[]) : Object.values(value as Record<string, unknown>)),
        );
      else if (segment.kind === 'index') {
        if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]);
      } else if (!Array.isArray(value) && Object.hasOwn(value, segment.name)) {
        next.push((value as Record<string, unknown>)[segment.name]);
      }
    }
    values = next;
  }
  return values;
}

function compare(value: unknown, operator: Operator, literal: Literal): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  if (literal.kind === 'number') {
    if (typeof value !== 'number') return false;
    switch (operator) {
      case '=':
        return value === literal.value;
      case '!=':
        return value !== literal.value;
      case '<':
        return value < literal.value;
      case '>':
        return value > literal.value;
      case '<=':
        return value <= literal.value;
      case '>=':
        return value >= literal.value;
    }
  }
  const text = String(value);
  const equal =
    literal.kind === 'regex'
      ? literal.regex.test(text)
      : literal.glob
        ? literal.glob.test(text)
        : text === literal.value;
  return operator === '=' ? equal : !equal;
}

class JsonPatternParser {
  private index = 0;
  private regexes = 0;

  constructor(private readonly text: string) {}

  parse(): Expression {
    const expression = this.parseOr();
    this.skipSpace();
    if (this.index < this.text.length)
      this.fail(`unexpected "${this.text.slice(this.index, this.index + 12)}"`);
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.take('||')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseUnary();
    while (this.take('&&')) left = { kind: 'and', left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): Expression {
    if (this.take('(')) {
      const inner = this.parseOr();
      if (!this.take(')')) this.fail('missing )');
      return inner;
    }
    const selector = this.parseSelector();
    if (this.takeWord('IS')) {
      if (this.takeWord('TRUE')) return { kind: 'is', selector, value: true };
      if (this.takeWord('FALSE')) return { kind: 'is', selector, value: false };
      if (this.takeWord('NULL')) return { kind: 'is', selector, value: null };
      this.fail('IS must be followed by TRUE, FALSE or NULL');
    }
    if (this.takeWord('NOT')) {
      if (this.takeWord('EXISTS')) return { kind: 'missing', selector };
      this.fail('NOT must be followed by EXISTS');
    }
    const operator = this.parseOperator();
    const literal = this.parseLiteral();
    if (literal.kind !== 'number' && operator !== '=' && operator !== '!=')
      this.fail(`${operator} compares numbers only`);
    return { kind: 'compare', selector, operator, literal };
  }

  private parseSelector(): Segment[] {
    this.skipSpace();
    if (this.text[this.index] !== '$') this.fail('expected a selector such as $.level');
    this.index++;
    const segments: Segment[] = [];
    for (;;) {
      const char = this.text[this.index];
      if (char === '.' && this.text[this.index + 1] === '[') {
        this.index++;
        continue;
      }
      if (char === '.') {
        this.index++;
        if (this.text[this.index] === '*') {
          this.index++;
          segments.push({ kind: 'any' });
          continue;
        }
        const name = /^[A-Za-z0-9_\-@:]+/.exec(this.text.slice(this.index))?.[0];
        if (!name) this.fail('expected a property name after .');
        this.index += name.length;
        segments.push({ kind: 'key', name });
        continue;
      }
      if (char === '[') {
        const rest = this.text.slice(this.index);
        const bracket = /^\[\s*(?:(\d+)|(\*)|'([^']*)')\s*\]/.exec(rest);
        if (!bracket) this.fail("expected [index], [*] or ['key']");
        this.index += bracket[0].length;
        if (bracket[1] !== undefined) segments.push({ kind: 'index', index: Number(bracket[1]) });
        else if (bracket[2] !== undefined) segments.push({ kind: 'any' });
        else segments.push({ kind: 'key', name: bracket[3]! });
        continue;
      }
      break;
    }
    if (segments.length === 0) this.fail('a selector needs at least one property');
    if (segments.filter((segment) => segment.kind === 'any').length > 1)
      this.fail('a selector may hold one wildcard');
    return segments;
  }

  private parseOperator(): Operator {
    this.skipSpace();
    for (const operator of ['!=', '<=', '>=', '=', '<', '>'] as const) {
      if (this.text.startsWith(operator, this.index)) {
        this.index += operator.length;
        if (operator === '=' && this.text[this.index] === '=') this.fail('use = rather than ==');
        return operator;
      }
    }
    return this.fail('expected =, !=, <, >, <=, >=, IS or NOT EXISTS');
  }

  private parseLiteral(): Literal {
    this.skipSpace();
    const char = this.text[this.index];
    if (char === '"') {
      const end = closingQuote(this.text, this.index);
      if (end === -1) this.fail('unterminated string');
      const value = this.text.slice(this.index + 1, end).replace(/\\"/g, '"');
      this.index = end + 1;
      return stringLiteral(value);
    }
    if (char === '%') {
      const end = this.text.indexOf('%', this.index + 1);
      if (end === -1) this.fail('unterminated %regex%');
      if (++this.regexes > maxRegexes)
        this.fail(`a pattern may hold at most ${maxRegexes} regular expressions`);
      const regex = compileFilterRegex(this.text.slice(this.index + 1, end));
      this.index = end + 1;
      return { kind: 'regex', regex };
    }
    const word = /^[^\s()&|]+/.exec(this.text.slice(this.index))?.[0];
    if (!word) return this.fail('expected a value');
    this.index += word.length;
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word)) return { kind: 'number', value: Number(word) };
    return stringLiteral(word);
  }

  private take(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.index)) return false;
    this.index += token.length;
    return true;
  }

  private takeWord(word: string): boolean {
    this.skipSpace();
    const found = new RegExp(`^${word}(?![A-Za-z0-9_])`).exec(this.text.slice(this.index));
    if (!found) return false;
    this.index += word.length;
    return true;
  }

  private skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index]!)) this.index++;
  }

  private fail(problem: string): never {
    throw new FilterPatternError(`Invalid JSON filter pattern { ${this.text.trim()} }: ${problem}.`);
  }
}

function stringLiteral(value: string): Literal {
  if (!value.includes('*')) return { kind: 'string', value, glob: null };
  const source = value
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { kind: 'string', value, glob: new RegExp(`^${source}$`, 's') };
}
