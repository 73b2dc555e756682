import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRunStore } from '../../src/store/postgres-store.js';
import { POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres-migrations.js';
import { requirePostgres } from '../helpers/services.js';
import { check, doctorJson, freshDatabase } from './doctor-helpers.js';

const serverUrl = await requirePostgres();

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)('agentic-sdlc doctor: PostgreSQL', () => {
  const databases: Awaited<ReturnType<typeof freshDatabase>>[] = [];
  const role = `doctor_${randomBytes(5).toString('hex')}`;
  const rolePassword = `pw-${randomBytes(8).toString('hex')}`;
  let empty: string, current: string, older: string, newer: string;

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) databases.push(await freshDatabase(serverUrl!));
    [empty, current, older, newer] = databases.map((database) => database.url) as [string, string, string, string];
    for (const url of [current, older, newer]) await (await PostgresRunStore.connect(url)).close();
    await sql(older, `DELETE FROM public.schema_migrations WHERE version = ${POSTGRES_SCHEMA_VERSION}`);
    await sql(newer, `INSERT INTO public.schema_migrations (version, applied_at) VALUES (${POSTGRES_SCHEMA_VERSION + 1}, 0)`);
    // A user that may connect but not create: what a locked-down managed database hands out.
    await sql(serverUrl!, `CREATE ROLE ${role} LOGIN PASSWORD '${rolePassword}'`);
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
    await sql(serverUrl!, `DROP ROLE IF EXISTS ${role}`);
  });

  it('reads the schema version the store migrated to, and the rights every start needs', async () => {
    const asRole = new URL(empty);
    asRole.username = role;
    asRole.password = rolePassword;
    const [fresh, up, behind, ahead, limited] = await Promise.all(
      [empty, current, older, newer, asRole.toString()].map((url) => doctorJson({ DATABASE_URL: url })),
    );
    expect(check(fresh!, 'PostgreSQL')).toMatchObject({ status: 'ok', message: expect.stringMatching(/answers \(PostgreSQL [\d.]+\); no agentic-sdlc tables yet \(serve or worker creates them on start\)$/) });
    expect(check(up!, 'PostgreSQL')).toMatchObject({ status: 'ok', message: expect.stringMatching(new RegExp(`schema version ${POSTGRES_SCHEMA_VERSION} \\(current\\)$`)) });
    expect(check(behind!, 'PostgreSQL')).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(new RegExp(`schema version ${POSTGRES_SCHEMA_VERSION - 1}, migrated to ${POSTGRES_SCHEMA_VERSION} when serve or worker starts$`)),
    });
    expect(check(ahead!, 'PostgreSQL')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`schema version ${POSTGRES_SCHEMA_VERSION + 1} is newer than this agentic-sdlc understands (${POSTGRES_SCHEMA_VERSION})`),
      fix: 'upgrade agentic-sdlc to the version that migrated it',
    });
    expect(ahead!.code).toBe(1);
    expect(check(limited!, 'PostgreSQL')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(`postgres://${role}@`),
      fix: 'GRANT CREATE ON DATABASE <db> and GRANT CREATE ON SCHEMA public to the DATABASE_URL user (or use the database owner)',
    });
    expect(limited!.stdout + limited!.stderr).not.toContain(rolePassword);
  }, 90_000);

  it('names an unreachable server without the password', async () => {
    const result = await doctorJson({ DATABASE_URL: 'postgres://app:not-the-password-4a4a@127.0.0.1:1/app' });
    expect(check(result, 'PostgreSQL')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^postgres:\/\/app@127\.0\.0\.1:1\/app: .*ECONNREFUSED/) });
    expect(result.stdout + result.stderr).not.toContain('not-the-password-4a4a');
    expect(result.code).toBe(1);
  }, 60_000);
});
