import pg from 'pg';
import { POSTGRES_SCHEMA_VERSION } from '../../store/postgres-migrations.js';
import { describeUrl, passwordForms, scrubError } from '../../store/postgres-secrets.js';
import { fail, off, ok, reasonOf, withDeadline, type Check, type CheckLine } from './check.js';

const NAME = 'PostgreSQL';

/**
 * DATABASE_URL answers `SELECT 1`, its user has the CREATE rights every start needs, and its schema is one
 * this agentic-sdlc can use: the tables in `public` (where the store keeps them) at a version it knows, or
 * older (serve and worker migrate on start), or none yet. Errors never carry the URL's password.
 */
export const postgresCheck: Check = async ({ config, network, timeoutMs }) => {
  const url = config.databaseUrl;
  if (!url) return [off(NAME, 'not configured: runs are kept in the SQLite state file (set DATABASE_URL for distributed mode)')];
  const where = describeUrl(url);
  if (!network) return [ok(NAME, `${where} (not contacted: --offline)`)];
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection that fails after the check is over must not crash the doctor.
  client.on('error', () => undefined);
  try {
    return [await withDeadline(timeoutMs, () => inspect(client, where))];
  } catch (error) {
    const reason = reasonOf(scrubError(error, passwordForms(url)));
    return [fail(NAME, `${where}: ${reason}`, 'check that PostgreSQL runs and that DATABASE_URL names the right host, user, password and database')];
  } finally {
    await client.end().catch(() => undefined);
  }
};

async function inspect(client: pg.Client, where: string): Promise<CheckLine> {
  await client.connect();
  await client.query('SELECT 1');
  const server = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
  const reached = `${where} answers${server ? ` (PostgreSQL ${server.split(' ')[0]})` : ''}`;
  // Every start runs CREATE SCHEMA / CREATE TABLE IF NOT EXISTS, which PostgreSQL checks before it looks.
  const rights = (await client.query<{ database: boolean; schema: boolean }>(
    `SELECT has_database_privilege(current_database(), 'CREATE') AS database, has_schema_privilege('public', 'CREATE') AS schema`,
  )).rows[0];
  if (!rights?.database || !rights.schema) {
    const grants = [!rights?.database && 'GRANT CREATE ON DATABASE <db>', !rights?.schema && 'GRANT CREATE ON SCHEMA public'].filter(Boolean).join(' and ');
    return fail(NAME, `${reached}, but this user lacks the CREATE rights serve and worker use on start`, `${grants} to the DATABASE_URL user (or use the database owner)`);
  }
  const table = (await client.query<{ found: string | null }>(`SELECT to_regclass('public.schema_migrations')::text AS found`)).rows[0]?.found;
  if (!table) return ok(NAME, `${reached}; no agentic-sdlc tables yet (serve or worker creates them on start)`);
  const version = Number((await client.query<{ version: number | null }>('SELECT max(version) AS version FROM public.schema_migrations')).rows[0]?.version ?? 0);
  if (version > POSTGRES_SCHEMA_VERSION) {
    return fail(NAME, `${reached}; schema version ${version} is newer than this agentic-sdlc understands (${POSTGRES_SCHEMA_VERSION})`, 'upgrade agentic-sdlc to the version that migrated it');
  }
  if (version < POSTGRES_SCHEMA_VERSION) return ok(NAME, `${reached}; schema version ${version}, migrated to ${POSTGRES_SCHEMA_VERSION} when serve or worker starts`);
  return ok(NAME, `${reached}; schema version ${version} (current)`);
}
