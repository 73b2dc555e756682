import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackupError } from './backup-error.js';
import { installFile, refuseExisting } from './snapshot.js';

/**
 * With DATABASE_URL the state is PostgreSQL's, and PostgreSQL's own tools back it up better than a copy made
 * here would: backup and restore say so, with the commands (exit 2, nothing done), unless `backup --pg-dump`
 * is asked to run `pg_dump` itself. The URL's password never appears: the commands read "$DATABASE_URL", the
 * URL shown to tell which server is masked, and pg_dump gets the password in PGPASSWORD, not on its command line.
 */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

export function postgresInstructions(url: string, file: string, direction: 'backup' | 'restore'): string {
  const where = `the state (runs, steps, API tokens) is in PostgreSQL (DATABASE_URL=${maskUrl(url)}), which agentic-sdlc does not copy itself`;
  const dump = `  pg_dump --format=custom --no-owner --file=${file} "$DATABASE_URL"`;
  const restore = `  pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" ${file}`;
  return direction === 'backup'
    ? `${where}; back it up with (or run: agentic-sdlc backup ${file} --pg-dump):\n${dump}\nand restore it into an empty database with:\n${restore}`
    : `${where}; restore a pg_dump backup into an empty database with:\n${restore}\n(add --clean --if-exists to replace the tables of a database that has them; stop serve and workers first)`;
}

/** Runs `pg_dump --format=custom` into `file` (0600, put in place only when pg_dump succeeded). */
export async function runPgDump(url: string, file: string, options: { force: boolean }): Promise<void> {
  refuseExisting(file, options.force);
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const partial = `${file}.partial-${process.pid}`;
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  const args = ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${parsed.toString()}`];
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Created private before pg_dump opens it: pg_dump would create it with the umask's mode.
  closeSync(openSync(partial, 'wx', 0o600));
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('pg_dump', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new BackupError('pg_dump is not on PATH: install the PostgreSQL client tools (e.g. apt-get install postgresql-client), or run the pg_dump command yourself');
      throw error;
    });
    const said = password ? stderr.split(password).join('***') : stderr;
    if (code !== 0) throw new BackupError(`pg_dump of ${maskUrl(url)} failed (exit ${code}): ${said.trim()}`);
    installFile(partial, file, options.force);
  } finally {
    rmSync(partial, { force: true });
  }
}
