import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exposedSeries, type ExposedSeries } from './exposed-metrics.js';
import { parseQuery } from './promql.js';

/**
 * deploy/monitoring: the Grafana dashboard and the alert rules query only what agentic-sdlc's `/metrics`
 * exposes (names, histogram series, labels and the label values it emits), in PromQL that parses, and
 * the dashboard shows what an operator watches.
 */

const DIR = join(import.meta.dirname, '../../deploy/monitoring');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

/** Prometheus' own series for every target, and the labels it attaches to every scraped series (job,
 * instance; with the ServiceMonitor also namespace, pod, service, container, endpoint). */
const PROMETHEUS_SERIES = new Set(['up']);
const TARGET_LABELS = new Set(['job', 'instance', 'namespace', 'pod', 'service', 'container', 'endpoint']);

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleGroups {
  groups: { name: string; rules: Rule[] }[];
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string; refId: string }[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

const dashboard = JSON.parse(read('grafana-dashboard.json')) as Dashboard;
const rules = parse(read('alerts.rules.yml')) as RuleGroups;
const prometheusRule = parse(read('prometheus-rule.yaml')) as { spec: RuleGroups };

/** Every query: panel targets, alert expressions, and the metric behind each `label_values(metric, label)` variable. */
function queries(): { where: string; expr: string }[] {
  const panels = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr })));
  const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })));
  const variables = dashboard.templating.list.flatMap((variable) => {
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(variable.definition ?? '');
    return match ? [{ where: `variable $${variable.name}`, expr: `${match[1]}{${match[2]}!=""}` }] : [];
  });
  return [...panels, ...alerts, ...variables];
}

/** What a query asks for that /metrics does not expose: unknown series, labels it lacks, values it never emits. */
function unknownSelections(expr: string, exposed: ExposedSeries): string[] {
  const problems: string[] = [];
  for (const { metric, matchers } of parseQuery(expr).selectors) {
    if (PROMETHEUS_SERIES.has(metric)) continue;
    const labels = exposed.get(metric);
    if (!labels) {
      problems.push(`${metric}: not a series /metrics exposes`);
      continue;
    }
    for (const { label, op, value } of matchers) {
      if (TARGET_LABELS.has(label)) continue;
      if (!labels.has(label)) problems.push(`${metric}{${label}}: no such label (it has ${[...labels.keys()].join(', ') || 'none'})`);
      else if (op === '=' && !labels.get(label)!.has(value)) problems.push(`${metric}{${label}="${value}"}: never emitted (values: ${[...labels.get(label)!].join(', ')})`);
    }
  }
  return problems;
}

describe('deploy/monitoring', () => {
  let exposed: ExposedSeries;
  beforeAll(async () => {
    exposed = await exposedSeries();
  });

  it('every dashboard and alert query parses as PromQL', () => {
    expect(queries().length).toBeGreaterThan(20);
    expect(queries().flatMap(({ where, expr }) => parseQuery(expr).errors.map((error) => `${where}: ${error}`))).toEqual([]);
  });

  it('every metric they query is one /metrics exposes, with the labels and label values they match on', () => {
    expect(exposed.get('agentic_sdlc_step_duration_seconds_bucket')?.get('status')).toEqual(new Set(['success', 'skipped', 'cancelled', 'retrying', 'failure']));
    expect(queries().flatMap(({ where, expr }) => unknownSelections(expr, exposed).map((problem) => `${where}: ${problem}`))).toEqual([]);
  });

  it('the check catches a misspelt metric, a histogram queried without its _bucket series, a wrong label and a value never emitted', () => {
    expect(unknownSelections('sum(rate(agentic_sdlc_runs_totl[5m]))', exposed)).toEqual(['agentic_sdlc_runs_totl: not a series /metrics exposes']);
    expect(unknownSelections('rate(agentic_sdlc_queue_wait_seconds[5m])', exposed)).toHaveLength(1);
    expect(unknownSelections('agentic_sdlc_runs_total{outcome="failed"}', exposed)).toHaveLength(1);
    expect(unknownSelections('agentic_sdlc_runs_total{status="failed"}', exposed)).toHaveLength(1);
    expect(parseQuery('sum(rate(agentic_sdlc_runs_total[5m]) by (status)').errors.length).toBeGreaterThan(0);
  });

  it('the dashboard shows runs by status, failures, step latency quantiles, queue depth and wait, LLM tokens and cost, webhooks by source and outcome', () => {
    const exprs = queries().filter(({ where }) => where.startsWith('panel')).map(({ expr }) => expr);
    const shows = (pattern: RegExp) => exprs.some((expr) => pattern.test(expr));
    expect(shows(/sum by \(status\) \(rate\(agentic_sdlc_runs_total\{/)).toBe(true);
    expect(shows(/agentic_sdlc_runs_total\{[^}]*status="failure"/)).toBe(true);
    expect(shows(/histogram_quantile\(0\.9\d?, sum by \(le\) \(rate\(agentic_sdlc_step_duration_seconds_bucket/)).toBe(true);
    expect(shows(/max\(agentic_sdlc_queue_depth/)).toBe(true);
    expect(shows(/histogram_quantile\([^,]+, sum by \(le\) \(rate\(agentic_sdlc_queue_wait_seconds_bucket/)).toBe(true);
    expect(shows(/sum by \(model, kind\) \(rate\(agentic_sdlc_llm_tokens_total/)).toBe(true);
    expect(shows(/agentic_sdlc_llm_cost_usd_total/)).toBe(true);
    expect(shows(/sum by \(source, outcome\) \(rate\(agentic_sdlc_webhooks_received_total/)).toBe(true);
    expect(shows(/agentic_sdlc_webhooks_received_total\{[^}]*outcome="refused"/)).toBe(true);
  });

  it('the dashboard is importable: one uid, unique panel ids, every query on the datasource variable, panels inside 24 columns without overlapping', () => {
    expect(dashboard.uid).toBe('agentic-sdlc');
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'job']);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Map<string, string>();
    for (const panel of dashboard.panels) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row++) {
        for (let column = x; column < x + w; column++) {
          expect(cells.get(`${row}:${column}`), `"${panel.title}" overlaps`).toBeUndefined();
          cells.set(`${row}:${column}`, panel.title);
        }
      }
      if (panel.type === 'row') continue;
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(new Set(panel.targets!.map((target) => target.refId)).size).toBe(panel.targets!.length);
    }
  });

  it('the alert rules are the same in the plain rules file and the PrometheusRule, valid against its CRD, each with a duration, severity, summary and description', () => {
    expect(prometheusRule.spec).toEqual(rules);
    expect(() => new PrometheusRule(prometheusRule as never).validate()).not.toThrow();
    const all = rules.groups.flatMap((group) => group.rules);
    expect(new Set(all.map((rule) => rule.alert)).size).toBe(all.length);
    for (const rule of all) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels?.severity);
      expect(Object.keys(rule.annotations ?? {}).sort(), rule.alert).toEqual(['description', 'summary']);
    }
  });
});
