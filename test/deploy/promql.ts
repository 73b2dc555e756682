import { parser } from '@prometheus-io/lezer-promql';

/**
 * What a PromQL expression selects, read with Prometheus' own grammar (@prometheus-io/lezer-promql): each
 * vector selector's metric name and label matchers, and the spans that do not parse. Grafana's variables are
 * replaced by values of their kind first, as Grafana does before it sends a query.
 */

export interface Selector {
  metric: string;
  matchers: { label: string; op: string; value: string }[];
}

export interface ParsedQuery {
  selectors: Selector[];
  /** Where the grammar rejects the expression, and what stands there. */
  errors: string[];
}

const GRAFANA_VARIABLES: [RegExp, string][] = [
  [/\$__rate_interval|\$__interval|\$__range/g, '5m'],
  [/\$\{?(\w+)\}?/g, 'variable'],
];

export function parseQuery(expression: string): ParsedQuery {
  let query = expression;
  for (const [pattern, value] of GRAFANA_VARIABLES) query = query.replace(pattern, value);
  const text = (from: number, to: number) => query.slice(from, to);
  const selectors: Selector[] = [];
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`at ${node.from}: ${JSON.stringify(text(node.from, node.from + 30))} in ${expression}`);
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      const matchers = node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [];
      selectors.push({
        metric: identifier ? text(identifier.from, identifier.to) : '',
        matchers: matchers.map((matcher) => {
          const part = (name: string) => matcher.getChild(name);
          const literal = part('StringLiteral');
          return {
            label: text(part('LabelName')!.from, part('LabelName')!.to),
            op: text(part('MatchOp')!.from, part('MatchOp')!.to),
            value: literal ? unquote(text(literal.from, literal.to)) : '',
          };
        }),
      });
    },
  });
  return { selectors, errors };
}

/** A PromQL string literal's value: double quotes take JSON's escapes; single quotes and backticks are raw here. */
function unquote(literal: string): string {
  return literal.startsWith('"') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
}
