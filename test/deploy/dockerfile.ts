import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The top-level Dockerfile read into stages and instructions, as far as the deploy tests need it: lines joined
 * where they end in `\`, comment lines dropped (Docker drops them inside a continuation too), keywords upper-cased.
 * No Docker engine runs on these machines, so the tests run what the runtime stage runs, read from here.
 */

export const ROOT = join(import.meta.dirname, '../..');

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export function readDockerfile(path = join(ROOT, 'Dockerfile')): Stage[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => !/^\s*#/.test(line));
  const logical = lines.join('\n').replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args.replace(/--platform=\S+\s+/, '')) ?? [];
      stages.push({ image, ...(name ? { name } : {}), instructions: [] });
    } else {
      if (!stages.length) throw new Error(`Dockerfile: ${keyword} before the first FROM`);
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

export function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** The exec form of ENTRYPOINT, CMD or HEALTHCHECK's CMD: a JSON array (the shell form would put sh in front of PID 1). */
export function execForm(args: string, what: string): string[] {
  const json = args.replace(/^(--\S+\s+)*CMD\s+/, '');
  try {
    const parsed: unknown = JSON.parse(json);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
  } catch {
    // reported below
  }
  throw new Error(`Dockerfile ${what}: expected the exec form, a JSON array of strings, got ${args}`);
}

/** The stage's ENV as the process sees it (`ENV A=1 B=2` form, unquoted values). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of instructions(stage, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const [, name, value] = /^([A-Za-z_]\w*)=(\S*)$/.exec(pair) ?? [];
      if (!name) throw new Error(`Dockerfile ENV ${args}: write it as NAME=value pairs`);
      env[name] = value ?? '';
    }
  }
  return env;
}
