/**
 * A problem in a `${{ }}` expression, found while parsing or evaluating it. `offset` is a 0-based index
 * into the string that was handed to `parseExpression`/`parseTemplate`/`compileCondition`, so the
 * workflow loader can turn it into file:line:col. `path` is set when the string sat inside a larger
 * YAML value (`compileValue`, `templatesIn`), e.g. `['with', 'diff']`.
 */
export class ExpressionError extends Error {
  readonly offset: number;
  readonly path: ReadonlyArray<string | number> | undefined;

  constructor(message: string, offset: number, options: { path?: ReadonlyArray<string | number>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ExpressionError';
    this.offset = offset;
    this.path = options.path;
  }

  /** The same error, located at `path` inside a YAML value. */
  at(path: ReadonlyArray<string | number>): ExpressionError {
    return new ExpressionError(this.message, this.offset, { path, cause: this.cause });
  }
}
