import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import { BackupError } from './backup-error.js';
import { CACHE_SUFFIX, cacheLocation, stateLocation } from './locations.js';
import { maskUrl, postgresInstructions, runPgDump } from './postgres.js';
import { parseS3Url, s3Url, type S3Location } from './s3-location.js';
import { refuseExisting, snapshotSqlite } from './snapshot.js';
import { countCacheEntries, describeState, summarizeState } from './state-file.js';

/**
 * `agentic-sdlc backup <file>`: the state file (runs, steps, API tokens: one SQLite file) copied online to
 * `<file>`, and with `withCache` the LLM cache file to `<file>.llm-cache`; each a plain SQLite database that
 * `sqlite3` opens. `<file>` may be `s3://bucket/key`: the copies are made in a private temporary folder, then
 * uploaded. Every destination is checked before anything is written, so a refusal leaves nothing half done.
 * Returns the lines to print.
 */
export interface BackupOptions {
  force: boolean;
  withCache: boolean;
  pgDump: boolean;
}

export async function backupState(config: Config, destination: string, options: BackupOptions): Promise<string[]> {
  const remote = s3Target(destination);
  const state = stateLocation(config);
  if (state.kind === 'postgres') {
    if (!options.pgDump) throw new BackupError(postgresInstructions(state.url, remote ? 'state.dump' : destination, 'backup'), 2);
    if (remote) throw new BackupError('--pg-dump writes a local file: dump to a file, then upload it with your S3 tools');
    await runPgDump(state.url, destination, { force: options.force });
    return [`dumped the PostgreSQL state (${maskUrl(state.url)}) to ${destination} with pg_dump --format=custom`];
  }
  if (!existsSync(state.path)) {
    throw new BackupError(`no state file at ${state.path}: nothing to back up (--db or AGENTIC_SDLC_DB names the file serve uses)`);
  }
  const lines: string[] = [];
  const parts = [{ what: 'the state', source: state.path, suffix: '' }];
  if (options.withCache) {
    const cache = cacheLocation(config);
    if (cache.kind === 'elsewhere') throw new BackupError(`--with-cache: ${cache.why}`);
    if (existsSync(cache.path)) parts.push({ what: 'the LLM cache', source: cache.path, suffix: CACHE_SUFFIX });
    else lines.push(`no LLM cache at ${cache.path} yet: only the state is backed up`);
  }

  if (!remote) {
    for (const part of parts) {
      // --force must never replace the live file with its own copy.
      if (resolve(destination + part.suffix) === resolve(part.source)) throw new BackupError(`${destination + part.suffix} is ${part.what} itself: back it up to another file`);
      refuseExisting(destination + part.suffix, options.force);
    }
    for (const part of parts) {
      await snapshotSqlite(part.source, destination + part.suffix, { force: options.force });
      lines.push(`backed up ${part.what} ${part.source} (${contents(part.suffix, destination + part.suffix)}) to ${destination + part.suffix}`);
    }
    return lines;
  }

  const { S3Store } = await import('./s3-store.js');
  const s3 = new S3Store();
  const staging = mkdtempSync(join(tmpdir(), 'agentic-sdlc-backup-'));
  try {
    const objects = parts.map((part) => ({ ...part, object: { ...remote, key: remote.key + part.suffix }, file: join(staging, `state${part.suffix}`) }));
    for (const { object } of objects) {
      if (!options.force && (await s3.exists(object))) throw new BackupError(`${s3Url(object)} already exists: choose another key, or pass --force to replace it`);
    }
    for (const part of objects) {
      await snapshotSqlite(part.source, part.file, { force: false });
      await s3.upload(part.file, part.object);
      lines.push(`backed up ${part.what} ${part.source} (${contents(part.suffix, part.file)}) to ${s3Url(part.object)}`);
    }
    return lines;
  } finally {
    s3.close();
    rmSync(staging, { recursive: true, force: true });
  }
}

function s3Target(destination: string): S3Location | undefined {
  try {
    return parseS3Url(destination);
  } catch (error) {
    throw new BackupError((error as Error).message);
  }
}

function contents(suffix: string, copy: string): string {
  const size = `${(statSync(copy).size / 1024).toFixed(0)} KiB`;
  if (suffix === CACHE_SUFFIX) return `${countCacheEntries(copy)} entries, ${size}`;
  const summary = summarizeState(copy);
  return `${describeState(summary)}; schema ${summary.schemaVersion}; ${size}`;
}
