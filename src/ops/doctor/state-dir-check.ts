import { randomBytes } from 'node:crypto';
import { existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import { resolveCacheStore, sqliteCachePath } from '../../llm/kv-store.js';
import { fail, off, ok, type Check, type CheckLine } from './check.js';

const NAME = 'state directory';

/**
 * The folders this process writes: the SQLite state file's (unless runs are in PostgreSQL) and the LLM
 * response cache's when it is a SQLite file. Proved by writing a file there and removing it, which also
 * catches a read-only root filesystem (a container without its `/data` volume). A folder that does not
 * exist yet is fine when the nearest existing one above it is writable: it is created on start.
 */
export const stateDirCheck: Check = ({ config }) => Promise.resolve(stateDirLines(config));

function stateDirLines(config: Config): CheckLine[] {
  const files: { path: string; what: string }[] = [];
  if (!config.databaseUrl) files.push({ path: config.db, what: 'state database (AGENTIC_SDLC_DB or --db)' });
  const cache = resolveCacheStore(config.llm.cache, config.redisUrl);
  const providers = Object.values(config.llm.providers).some((provider) => provider?.apiKey || provider?.baseURL);
  if (providers && cache.backend === 'sqlite') files.push({ path: sqliteCachePath(cache.url, config.db), what: 'LLM response cache (llm.cache.url)' });
  if (!files.length) return [off(NAME, 'nothing is written locally (runs in PostgreSQL, no SQLite LLM cache)')];
  const lines: CheckLine[] = [];
  for (const dir of new Set(files.map((file) => dirname(resolve(file.path))))) {
    const what = files.filter((file) => dirname(resolve(file.path)) === dir).map((file) => file.what).join(' and ');
    lines.push(writable(dir, what));
  }
  return lines;
}

function writable(dir: string, what: string): CheckLine {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) {
    return fail(NAME, `${dir}: ${existing} is not a directory`, `point the ${what} at a writable folder`);
  }
  const probe = resolve(existing, `.agentic-sdlc-doctor-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return fail(NAME, `${existing} is not writable (${code})`, `mount a writable volume there (/data in the container) or point the ${what} elsewhere`);
  }
  return ok(NAME, existing === dir ? `${dir} is writable` : `${dir} will be created (${existing} is writable)`);
}
