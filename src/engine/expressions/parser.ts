import { children, type CompareOperator, type ExprNode, isForbiddenProperty, KNOWN_CONTEXTS } from './ast.js';
import { BoundedCache } from './cache.js';
import { ExpressionError } from './errors.js';
import { FUNCTION_NAMES, lookupFunction } from './functions.js';
import { type Token, type TokenKind, tokenize } from './lexer.js';
import { didYouMean } from '../suggest.js';

export const MAX_EXPRESSION_LENGTH = 10_000;
/** GitHub's limit on the height of the expression tree (`a.b` is 2; a chain `a && b && c` is one node). */
export const MAX_NESTING_DEPTH = 50;
/** Parentheses add no node, so they get their own bound on the parser's recursion. */
const MAX_RECURSION = 100;

const cache = new BoundedCache<ExprNode>(2_000);

/**
 * Parses a bare expression (no `${{ }}`); error offsets index into `source`. Results are cached by
 * source. An empty (or blank) expression is `null`, as in GitHub.
 */
export function parseExpression(source: string): ExprNode {
  return cache.getOrCreate(source, () => parseRange(source, 0, source.length));
}

/** Parses `text.slice(start, end)` keeping offsets relative to `text`, so template errors point into the template. */
export function parseRange(text: string, start: number, end: number): ExprNode {
  if (end - start > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, start);
  }
  return new Parser(tokenize(text, start, end)).parseAll();
}

const COMPARISON: ReadonlySet<TokenKind> = new Set<TokenKind>(['<', '<=', '>', '>=']);
const EQUALITY: ReadonlySet<TokenKind> = new Set<TokenKind>(['==', '!=']);

/**
 * Recursive descent over GitHub's precedence, loosest first: `||`, `&&`, `== !=`, `< <= > >=`, `!`,
 * then member access and primaries. Two limits keep hostile input from overflowing the stack:
 * `depth` bounds the parser's own recursion (parentheses, brackets, calls, `!`), and `heights`
 * bounds the tree it builds (GitHub's max depth), since loops such as `a == b == c` or `a.b.c` nest
 * nodes without recursing, and evaluation recurses over that tree. Like GitHub, a run of `&&` (or
 * `||`) is one node with many operands, so long chains cost no depth.
 */
class Parser {
  private position = 0;
  private depth = 0;
  private readonly heights = new WeakMap<ExprNode, number>();

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): ExprNode {
    if (this.peek().kind === 'eof') return { kind: 'literal', value: null, offset: this.peek().offset };
    const node = this.parseOr();
    const extra = this.peek();
    if (extra.kind !== 'eof') throw new ExpressionError(`unexpected ${describe(extra)} after the end of the expression`, extra.offset);
    return node;
  }

  private parseOr(): ExprNode {
    return this.logicalChain('||', () => this.parseAnd());
  }

  private parseAnd(): ExprNode {
    return this.logicalChain('&&', () => this.parseEquality());
  }

  /** `a && (b && c) && d` is one node with operands a, b, c, d, as GitHub builds it. */
  private logicalChain(operator: '&&' | '||', operand: () => ExprNode): ExprNode {
    const first = operand();
    const op = this.peek();
    if (op.kind !== operator) return first;
    const operands: ExprNode[] = [];
    const add = (node: ExprNode): void => {
      if (node.kind === 'logical' && node.operator === operator) for (const inner of node.operands) operands.push(inner);
      else operands.push(node);
    };
    add(first);
    while (this.peek().kind === operator) {
      this.next();
      add(operand());
    }
    return this.node({ kind: 'logical', operator, operands, offset: op.offset }, op);
  }

  private parseEquality(): ExprNode {
    return this.leftChain([...EQUALITY], () => this.parseComparison(), compareNode);
  }

  private parseComparison(): ExprNode {
    return this.leftChain([...COMPARISON], () => this.parseUnary(), compareNode);
  }

  private leftChain(
    operators: readonly TokenKind[],
    operand: () => ExprNode,
    build: (op: Token, left: ExprNode, right: ExprNode) => ExprNode,
  ): ExprNode {
    let left = operand();
    while (operators.includes(this.peek().kind)) {
      const op = this.next();
      left = this.node(build(op, left, operand()), op);
    }
    return left;
  }

  private parseUnary(): ExprNode {
    const bang = this.peek();
    if (bang.kind !== '!') return this.parsePostfix();
    this.next();
    this.enter(bang);
    const operand = this.parseUnary();
    this.depth--;
    return this.node({ kind: 'not', operand, offset: bang.offset }, bang);
  }

  private parsePostfix(): ExprNode {
    let node = this.parsePrimary();
    for (;;) {
      const token = this.peek();
      if (token.kind === '.') {
        this.next();
        node = this.node(this.parseDotMember(node), token);
      } else if (token.kind === '[') {
        this.next();
        this.enter(token);
        node = this.node(this.parseIndex(node, token), token);
        this.depth--;
      } else {
        break;
      }
    }
    return node;
  }

  private parseDotMember(object: ExprNode): ExprNode {
    const name = this.next();
    if (name.kind === '*') return { kind: 'filter', object, offset: name.offset };
    // Keywords are fine as names after a dot (`event.null`); the lexer already made them identifiers.
    if (name.kind !== 'identifier') throw new ExpressionError(`expected a property name after '.', found ${describe(name)}`, name.offset);
    if (isForbiddenProperty(name.text)) throw forbidden(name.text, name.offset);
    return { kind: 'property', object, name: name.text, offset: name.offset };
  }

  private parseIndex(object: ExprNode, open: Token): ExprNode {
    const star = this.peek();
    if (star.kind === '*') {
      this.next();
      this.expect(']', "to close '['");
      return { kind: 'filter', object, offset: star.offset };
    }
    const index = this.parseOr();
    if (index.kind === 'literal' && typeof index.value === 'string' && isForbiddenProperty(index.value)) {
      throw forbidden(index.value, index.offset);
    }
    this.expect(']', "to close '['");
    return { kind: 'index', object, index, offset: open.offset };
  }

  private parsePrimary(): ExprNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.number ?? Number(token.text), offset: token.offset };
      case 'string':
        return { kind: 'literal', value: token.text, offset: token.offset };
      case 'true':
      case 'false':
        return { kind: 'literal', value: token.kind === 'true', offset: token.offset };
      case 'null':
        return { kind: 'literal', value: null, offset: token.offset };
      case '(': {
        this.enter(token);
        const inner = this.parseOr();
        this.expect(')', "to close '('");
        this.depth--;
        return inner;
      }
      case 'identifier':
        return this.peek().kind === '(' ? this.parseCall(token) : contextNode(token);
      default:
        throw new ExpressionError(token.kind === 'eof' ? 'unexpected end of expression' : `unexpected ${describe(token)}`, token.offset);
    }
  }

  private parseCall(name: Token): ExprNode {
    const spec = lookupFunction(name.text);
    if (!spec) {
      const suggestion = didYouMean(name.text, FUNCTION_NAMES);
      throw new ExpressionError(
        `unknown function '${name.text}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; known functions: ${FUNCTION_NAMES.join(', ')}`,
        name.offset,
      );
    }
    const open = this.next();
    this.enter(open);
    const args: ExprNode[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.parseOr());
      while (this.peek().kind === ',') {
        this.next();
        args.push(this.parseOr());
      }
    }
    this.expect(')', `to close the arguments of ${spec.name}()`);
    this.depth--;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      throw new ExpressionError(`${spec.name}() takes ${arity(spec.minArgs, spec.maxArgs)}, got ${args.length}`, name.offset);
    }
    const refused = spec.checkCount?.(args.length);
    if (refused) throw new ExpressionError(`${refused}, got ${args.length}`, name.offset);
    return this.node({ kind: 'call', name: spec.name, args, offset: name.offset }, name);
  }

  private enter(at: Token): void {
    this.depth++;
    if (this.depth > MAX_RECURSION) throw new ExpressionError(`expression is nested more than ${MAX_RECURSION} levels deep`, at.offset);
  }

  /** Records the height of a freshly built node, refusing trees taller than MAX_NESTING_DEPTH. */
  private node(node: ExprNode, at: Token): ExprNode {
    const height = 1 + Math.max(0, ...children(node).map((child) => this.heights.get(child) ?? 1));
    if (height > MAX_NESTING_DEPTH) throw tooDeep(at);
    this.heights.set(node, height);
    return node;
  }

  private expect(kind: TokenKind, why: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw new ExpressionError(`expected '${kind}' ${why}, found ${describe(token)}`, token.offset);
    return token;
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.peek();
    // The trailing eof token is never consumed, so peek() always has something to return.
    if (token.kind !== 'eof') this.position++;
    return token;
  }
}

function compareNode(op: Token, left: ExprNode, right: ExprNode): ExprNode {
  return { kind: 'compare', operator: op.kind as CompareOperator, left, right, offset: op.offset };
}

function contextNode(token: Token): ExprNode {
  const name = token.text.toLowerCase();
  if (KNOWN_CONTEXTS.includes(name)) return { kind: 'context', name, offset: token.offset };
  const suggestion = didYouMean(token.text, KNOWN_CONTEXTS);
  throw new ExpressionError(
    `unknown context '${token.text}'; known contexts: ${KNOWN_CONTEXTS.join(', ')}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    token.offset,
  );
}

function tooDeep(at: Token): ExpressionError {
  return new ExpressionError(`expression is nested more than ${MAX_NESTING_DEPTH} levels deep`, at.offset);
}

function forbidden(name: string, offset: number): ExpressionError {
  return new ExpressionError(`property '${name}' is not allowed`, offset);
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of expression';
    case 'string':
      return 'a string';
    case 'number':
      return `number ${token.text}`;
    case 'identifier':
      return `'${token.text}'`;
    default:
      return `'${token.kind}'`;
  }
}

function arity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}
