import { z } from 'zod';
import { LOCKFILE_MANIFESTS, baseName, dirName } from '../paths.js';
import { strictObject } from '../strict-object.js';
import { defineRule, type RuleFinding } from '../rule.js';

export const lockfileWithoutManifestRule = defineRule({
  id: 'lockfile-without-manifest',
  description: 'A lockfile changed but the manifest it is generated from did not.',
  severity: 'warning',
  category: 'dependencies',
  options: strictObject({
    /** Count a manifest in a subdirectory (npm/yarn/pnpm/Cargo workspaces share one lockfile at the root). */
    workspaces: z.boolean().default(true),
  }),
  check({ files }, { workspaces }) {
    const findings: RuleFinding[] = [];
    for (const file of files) {
      const manifest = LOCKFILE_MANIFESTS[baseName(file.path)];
      if (!manifest || file.status === 'deleted') continue;
      const dir = dirName(file.path);
      const manifestChanged = files.some((other) => {
        if (baseName(other.path) !== manifest) return false;
        const otherDir = dirName(other.path);
        return otherDir === dir || (workspaces && (dir === '' || otherDir.startsWith(`${dir}/`)));
      });
      if (manifestChanged) continue;
      findings.push({
        file: file.path,
        message: `${baseName(file.path)} changed but ${manifest} beside it did not`,
        suggestion: `If dependencies were meant to change, commit ${manifest} too; otherwise revert the lockfile (a stray install often rewrites it).`,
      });
    }
    return findings;
  },
});
