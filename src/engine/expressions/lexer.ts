import { ExpressionError } from './errors.js';
import { isWhitespace, parseNumber } from './numbers.js';

export type TokenKind =
  | 'number'
  | 'string'
  | 'identifier'
  | 'true'
  | 'false'
  | 'null'
  | '('
  | ')'
  | '['
  | ']'
  | '.'
  | ','
  | '*'
  | '!'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '&&'
  | '||'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Absolute offset into the text being lexed (a template's text, not just the expression). */
  readonly offset: number;
  readonly end: number;
  /** Identifier name, decoded string value, or the number's source text. */
  readonly text: string;
  readonly number?: number;
}

const PUNCTUATION: ReadonlyArray<TokenKind> = ['<=', '>=', '==', '!=', '&&', '||', '(', ')', '[', ']', ',', '*', '!', '<', '>'];

/** Tokens after which `.` is member access rather than the start of a number like `.5`. */
const VALUE_END: ReadonlySet<TokenKind> = new Set<TokenKind>(['identifier', ')', ']', '*']);

const HINTS: Record<string, string> = {
  '=': "unexpected '='; use '==' to compare",
  '&': "unexpected '&'; use '&&'",
  '|': "unexpected '|'; use '||'",
  '"': 'strings are written in single quotes',
  '+': "expressions have no arithmetic or string concatenation; use format(). A sign belongs to a number literal, written without a space ('-1')",
  '-': "expressions have no arithmetic or string concatenation; use format(). A sign belongs to a number literal, written without a space ('-1')",
  $: "unexpected '$'; '${{' cannot appear inside an expression",
  '{': "unexpected '{'",
  '}': "unexpected '}'",
};

/** Splits `text.slice(start, end)` into tokens whose offsets stay relative to `text`. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  const previous = (): TokenKind | undefined => tokens[tokens.length - 1]?.kind;

  while (i < end) {
    const c = text[i]!;
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const token = readString(text, i, end);
      tokens.push(token);
      i = token.end;
      continue;
    }
    // As in GitHub's lexer, a sign always starts a number: `-1` and `-Infinity` are literals, `- 1` is not.
    const startsNumber = isDigit(c) || c === '-' || c === '+' || (c === '.' && !VALUE_END.has(previous() ?? 'eof'));
    if (startsNumber) {
      const token = readNumber(text, i, end);
      tokens.push(token);
      i = token.end;
      continue;
    }
    if (isIdentifierStart(c)) {
      let j = i + 1;
      while (j < end && isIdentifierPart(text[j]!)) j++;
      tokens.push(identifierToken(text.slice(i, j), i, j, previous() === '.'));
      i = j;
      continue;
    }
    if (c === '.') {
      tokens.push({ kind: '.', offset: i, end: i + 1, text: '.' });
      i++;
      continue;
    }
    const punctuation = PUNCTUATION.find((p) => text.startsWith(p, i) && i + p.length <= end);
    if (punctuation) {
      tokens.push({ kind: punctuation, offset: i, end: i + punctuation.length, text: punctuation });
      i += punctuation.length;
      continue;
    }
    throw new ExpressionError(HINTS[c] ?? `unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'eof', offset: end, end, text: '' });
  return tokens;
}

function identifierToken(name: string, offset: number, end: number, afterDot: boolean): Token {
  // After a dot every word is a property name: `event.null` reads a key called "null".
  if (!afterDot) {
    if (name === 'true' || name === 'false' || name === 'null') return { kind: name, offset, end, text: name };
    if (name === 'NaN' || name === 'Infinity') return { kind: 'number', offset, end, text: name, number: Number(name) };
  }
  return { kind: 'identifier', offset, end, text: name };
}

/** `'it''s'` → `it's`; a single quote is escaped by doubling it, as in GitHub Actions. */
function readString(text: string, offset: number, end: number): Token {
  let value = '';
  let i = offset + 1;
  while (i < end) {
    const quote = text.indexOf("'", i);
    if (quote === -1 || quote >= end) break;
    value += text.slice(i, quote);
    if (text[quote + 1] === "'" && quote + 1 < end) {
      value += "'";
      i = quote + 2;
      continue;
    }
    return { kind: 'string', offset, end: quote + 1, text: value };
  }
  throw new ExpressionError('unterminated string literal', offset);
}

/**
 * A number runs to the next boundary character (so `12abc` is one bad token, not `12` then `abc`) and
 * is read like a string coerced to a number: `42`, `-9.2`, `.5`, `1e3`, `0xff`, `0o17`, `-Infinity`.
 * GitHub has no unary minus, so `-0xff`, `--1` and `-NaN` are not numbers.
 */
function readNumber(text: string, offset: number, end: number): Token {
  let j = offset + 1;
  while (j < end && (text[j] === '.' || !isBoundary(text[j]!))) j++;
  const lexeme = text.slice(offset, j);
  if (lexeme === '-' || lexeme === '+') throw new ExpressionError(HINTS[lexeme]!, offset);
  const value = parseNumber(lexeme);
  if (Number.isNaN(value)) throw new ExpressionError(`invalid number '${lexeme}'${signHint(lexeme)}`, offset);
  return { kind: 'number', offset, end: j, text: lexeme, number: value };
}

function signHint(lexeme: string): string {
  return /^[-+]0[xo]/.test(lexeme) ? '; hex and octal numbers cannot take a sign' : '';
}

/** Where a number or a bad word ends, as in GitHub's lexer. */
function isBoundary(c: string): boolean {
  return '()[],.!<>=&|'.includes(c) || isWhitespace(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentifierStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

/** GitHub allows `-` inside names so step ids like `steps.run-tests` work without brackets. */
function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || isDigit(c) || c === '-';
}
