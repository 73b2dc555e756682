import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import { SCHEMA_VERSION } from '../../store/sqlite-migrations.js';
import { BackupError } from './backup-error.js';
import { CACHE_SUFFIX, cacheLocation, stateLocation } from './locations.js';
import { postgresInstructions } from './postgres.js';
import { openBackup, restoreSqlite } from './restore-file.js';
import { checkRestoreTarget, type RestoreTarget } from './restore-target.js';
import { parseS3Url, s3Url } from './s3-location.js';
import { countCacheEntries, describeState, summarizeState, tableNames, withDatabase } from './state-file.js';

/**
 * `agentic-sdlc restore <file>`: a backup made by `backup` (or any copy of a state file) into the configured
 * state file, which must be missing or empty unless `force`; with `withCache`, `<file>.llm-cache` into the LLM
 * cache file likewise. Everything is checked first (the backups are sound SQLite files of the right kind, the
 * state's schema is not newer than this version understands, the targets may be written), then written, then
 * counted again. An older schema is fine: the store upgrades the file when it next opens it.
 */
export async function restoreState(config: Config, source: string, options: { force: boolean; withCache: boolean }): Promise<string[]> {
  let remote;
  try {
    remote = parseS3Url(source);
  } catch (error) {
    throw new BackupError((error as Error).message);
  }
  const state = stateLocation(config);
  if (state.kind === 'postgres') throw new BackupError(postgresInstructions(state.url, remote ? 'state.dump' : source, 'restore'), 2);
  const cache = options.withCache ? cacheLocation(config) : undefined;
  if (cache?.kind === 'elsewhere') throw new BackupError(`--with-cache: ${cache.why}`);

  const parts: { backup: string; named: string; suffix: string; target: RestoreTarget }[] = [
    { backup: source, named: source, suffix: '', target: { label: 'the state file', path: state.path, tables: { runs: 'run', api_tokens: 'API token' } } },
  ];
  if (cache) {
    const target = { label: 'the LLM cache', path: cache.path, tables: { keyv: 'cache entry' } };
    parts.push({ backup: source + CACHE_SUFFIX, named: source + CACHE_SUFFIX, suffix: CACHE_SUFFIX, target });
  }

  const staging = remote ? mkdtempSync(join(tmpdir(), 'agentic-sdlc-restore-')) : undefined;
  try {
    if (remote && staging) {
      const { S3Store } = await import('./s3-store.js');
      const s3 = new S3Store();
      try {
        for (const part of parts) {
          const object = { ...remote, key: remote.key + part.suffix };
          if (!(await s3.exists(object))) throw new BackupError(part.suffix ? cacheMissing(part.named) : `no backup at ${s3Url(object)}`);
          part.backup = join(staging, `backup${part.suffix}`);
          closeSync(openSync(part.backup, 'wx', 0o600));
          await s3.download(object, part.backup);
        }
      } finally {
        s3.close();
      }
    }
    const [statePart, cachePart] = parts as [(typeof parts)[0], (typeof parts)[0] | undefined];
    const summary = checkStateBackup(statePart.backup, statePart.named);
    const entries = cachePart ? checkCacheBackup(cachePart.backup, cachePart.named) : 0;
    for (const part of parts) {
      if (resolve(part.backup) === resolve(part.target.path)) throw new BackupError(`${part.named} is ${part.target.label} itself: nothing to restore`);
      checkRestoreTarget(part.target, options.force);
    }

    for (const part of parts) await restoreSqlite(part.backup, part.target.path);
    const restored = summarizeState(state.path);
    if (describeState(restored) !== describeState(summary)) {
      throw new BackupError(`the restored ${state.path} holds ${describeState(restored)}, the backup ${describeState(summary)}: restore again with --force`);
    }
    const lines = [`restored ${describeState(summary)} (schema ${summary.schemaVersion}) from ${source} into ${state.path}`];
    if (summary.schemaVersion < SCHEMA_VERSION) lines.push(`the state's schema is upgraded from ${summary.schemaVersion} to ${SCHEMA_VERSION} when agentic-sdlc next opens it`);
    if (cachePart) lines.push(`restored the LLM cache (${entries} entries) from ${cachePart.named} into ${cachePart.target.path}`);
    return lines;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

function checkStateBackup(file: string, named: string) {
  if (!existsSync(file)) throw new BackupError(`no backup at ${named}`);
  openBackup(file).close();
  const tables = withDatabase(file, tableNames);
  if (!tables.has('runs') && !tables.has('api_tokens')) throw new BackupError(`${named} is a SQLite file but no agentic-sdlc state (no runs or api_tokens table)`);
  const summary = summarizeState(file);
  if (summary.schemaVersion > SCHEMA_VERSION) {
    throw new BackupError(
      `${named} has state schema ${summary.schemaVersion}, newer than this agentic-sdlc understands (${SCHEMA_VERSION}): restore it with the agentic-sdlc version that made it, or a later one`,
    );
  }
  return summary;
}

function checkCacheBackup(file: string, named: string): number {
  if (!existsSync(file)) throw new BackupError(cacheMissing(named));
  openBackup(file).close();
  if (!withDatabase(file, tableNames).has('keyv')) throw new BackupError(`${named} is a SQLite file but no LLM cache (no keyv table)`);
  return countCacheEntries(file);
}

const cacheMissing = (named: string) => `no LLM cache backup at ${named}: that backup was taken without --with-cache; restore without --with-cache`;
