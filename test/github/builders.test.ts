import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analysis/finding.js';
import { batches, checkTitle, toAnnotations } from '../../src/integrations/github/actions/check-annotations.js';
import { labelsFromRules } from '../../src/actions/labels/label-rules.js';
import { pullFilesToDiff } from '../../src/integrations/github/actions/pull-files.js';
import { findingFingerprint, planReview } from '../../src/integrations/github/actions/review-comments.js';
import { findSticky, MAX_COMMENT_LENGTH, stickyBody, stickyMarker } from '../../src/integrations/github/rest/sticky-comment.js';
import { parseDiff } from '../../src/diff/parse-diff.js';
import { decideCommandAccess } from '../../src/integrations/github/dispatch/command-access.js';
import { DEFAULT_REPO_CONFIG } from '../../src/integrations/github/repo-config/repo-config.js';
import { PROBOT_FILES_FIXTURE } from './helpers.js';

const finding = (extra: Partial<Finding>): Finding => ({ rule: 'todo', severity: 'info', message: 'm', file: 'a.ts', ...extra });

describe('sticky comments', () => {
  it('puts the marker first and finds only a bot comment carrying it', () => {
    expect(stickyBody('pr-review', 'hello')).toBe('<!-- agentic-sdlc:sticky:pr-review -->\nhello');
    expect(stickyMarker('a b-->c')).toBe('<!-- agentic-sdlc:sticky:a_b--_c -->');
    const comments = [
      { id: 1, body: stickyBody('pr-review', 'quoted'), user: { type: 'User' } },
      { id: 2, body: stickyBody('other', 'x'), user: { type: 'Bot' } },
      { id: 3, body: stickyBody('pr-review', 'ours'), user: { type: 'Bot' } },
    ];
    expect(findSticky(comments, 'pr-review')?.id).toBe(3);
  });

  it('stays within GitHub comment size', () => {
    expect(stickyBody('k', 'x'.repeat(100_000)).length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
  });
});

describe('check-run annotations', () => {
  it('batches 120 annotations into requests of 50, 50 and 20', () => {
    const findings = Array.from({ length: 120 }, (_, i) => finding({ line: i + 1 }));
    const { annotations } = toAnnotations(findings);
    expect(batches(annotations).map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(batches([])).toEqual([[]]);
  });

  it('maps severities, puts errors first, leaves file-level findings out and counts what is over the limit', () => {
    const { annotations, omitted } = toAnnotations(
      [finding({ line: 1 }), finding({ severity: 'error', rule: 'secret', line: 9, endLine: 11 }), finding({ file: '' }), finding({ line: 2, severity: 'warning' })],
      2,
    );
    expect(annotations).toEqual([
      { path: 'a.ts', start_line: 9, end_line: 11, annotation_level: 'failure', message: 'm', title: 'secret' },
      { path: 'a.ts', start_line: 2, end_line: 2, annotation_level: 'warning', message: 'm', title: 'todo' },
    ]);
    expect(omitted).toBe(1);
    expect(checkTitle([finding({ severity: 'error' }), finding({}), finding({})])).toBe('1 error, 2 notices');
    expect(checkTitle([])).toBe('No findings');
  });
});

describe('review comments', () => {
  const diff = parseDiff('diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,4 @@\n one\n+two\n+three\n four\n@@ -20,1 +22,2 @@\n x\n+y\n');

  it('comments on diff lines (RIGHT side), ranges within one hunk, and sends other lines to the summary', () => {
    const plan = planReview(
      [finding({ line: 2 }), finding({ line: 2, endLine: 3, message: 'range' }), finding({ line: 3, endLine: 23, message: 'across hunks' }), finding({ line: 10, message: 'outside' }), finding({ file: '' })],
      diff,
      [],
    );
    expect(plan.comments.map(({ line, start_line, side, start_side }) => ({ line, start_line, side, start_side }))).toEqual([
      { line: 2, start_line: undefined, side: 'RIGHT', start_side: undefined },
      { line: 3, start_line: 2, side: 'RIGHT', start_side: 'RIGHT' },
      { line: 3, start_line: undefined, side: 'RIGHT', start_side: undefined },
    ]);
    expect(plan.outside.map((f) => f.message)).toEqual(['outside', 'm']);
  });

  it('does not post a finding an earlier run posted, even when it moved', () => {
    const posted = [`body\n<!-- agentic-sdlc:finding:${findingFingerprint(finding({}))} -->`];
    const plan = planReview([finding({ line: 3 })], diff, posted);
    expect(plan).toMatchObject({ comments: [], duplicates: 1 });
  });
});

describe('pull request files → unified diff', () => {
  it('rebuilds a diff the parser reads, from a real /pulls/{n}/files response', () => {
    const { files } = JSON.parse(readFileSync(PROBOT_FILES_FIXTURE, 'utf8')) as { files: Parameters<typeof pullFilesToDiff>[0] };
    const { diff, files: listed } = pullFilesToDiff(files);
    const parsed = parseDiff(diff);
    expect(parsed.map((file) => file.path)).toEqual(files.map((file) => file.filename));
    expect(parsed.map((file) => [file.additions, file.deletions])).toEqual(files.map((file) => [file.additions, file.deletions]));
    expect(listed.find((file) => file.path === 'package-lock.json')?.generated).toBe(false);
  });

  it('marks binary, too-large, renamed and generated files', () => {
    const { diff, files } = pullFilesToDiff([
      { filename: 'logo.png', status: 'added', additions: 0, deletions: 0 },
      { filename: 'huge.sql', status: 'modified', additions: 90_000, deletions: 0 },
      { filename: 'dist/app.min.js', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-a\n+b' },
      { filename: 'new.ts', previous_filename: 'old.ts', status: 'renamed', additions: 0, deletions: 0 },
    ]);
    expect(files.map(({ binary, patchOmitted, generated }) => ({ binary, patchOmitted, generated }))).toEqual([
      { binary: true, patchOmitted: false, generated: false },
      { binary: false, patchOmitted: true, generated: false },
      { binary: false, patchOmitted: false, generated: true },
      { binary: false, patchOmitted: false, generated: false },
    ]);
    expect(parseDiff(diff).map((file) => [file.path, file.status, file.binary])).toEqual([
      ['logo.png', 'added', true],
      ['huge.sql', 'modified', true],
      ['dist/app.min.js', 'modified', false],
      ['new.ts', 'renamed', false],
    ]);
  });
});

describe('triage label rules', () => {
  it('matches whole words in title and body, any case', () => {
    const rules = [
      { label: 'bug', keywords: ['crash', 'error'], in: ['title', 'body'] as ('title' | 'body')[] },
      { label: 'docs', keywords: ['readme'], in: ['title'] as ('title' | 'body')[] },
    ];
    expect(labelsFromRules(rules, { title: 'App CRASHES', body: 'terror' })).toEqual([]);
    expect(labelsFromRules(rules, { title: 'Crash on start', body: 'see README' })).toEqual(['bug']);
  });
});

describe('command access', () => {
  const commands = DEFAULT_REPO_CONFIG.commands;
  const ask = (level: 'read' | 'write') => () => Promise.resolve(level);
  it('needs write by default; deny beats allow; disabled commands are refused', async () => {
    expect(await decideCommandAccess(commands, 'a', 'review', ask('write'))).toEqual({ allowed: true });
    expect(await decideCommandAccess(commands, 'a', 'review', ask('read'))).toEqual({ allowed: false, reason: 'permission' });
    expect(await decideCommandAccess({ ...commands, allowUsers: ['a'], denyUsers: ['A'] }, 'a', 'review', ask('write'))).toEqual({ allowed: false, reason: 'denied-user' });
    expect(await decideCommandAccess({ ...commands, allowed: ['help'] }, 'a', 'review', ask('write'))).toEqual({ allowed: false, reason: 'command-disabled' });
    expect(await decideCommandAccess({ ...commands, permission: 'read' }, 'a', 'review', ask('read'))).toEqual({ allowed: true });
  });
});
