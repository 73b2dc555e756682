import type { RegisteredRule } from '../rule.js';
import { debugLeftoverRule } from './debug-leftover.js';
import { largeDiffRule } from './large-diff.js';
import { largeFileRule } from './large-file.js';
import { lockfileWithoutManifestRule } from './lockfile-without-manifest.js';
import { mergeConflictRule } from './merge-conflict.js';
import { missingTestsRule } from './missing-tests.js';
import { secretRule } from './secret.js';
import { todoRule } from './todo.js';

/** Every built-in rule, in the order they run. */
export const RULES: readonly RegisteredRule[] = [
  secretRule,
  mergeConflictRule,
  debugLeftoverRule,
  todoRule,
  largeFileRule,
  largeDiffRule,
  lockfileWithoutManifestRule,
  missingTestsRule,
];

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);
