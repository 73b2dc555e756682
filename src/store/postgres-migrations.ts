import type pg from 'pg';

/**
 * The PostgreSQL schema, as numbered steps recorded in `schema_migrations` (one row per applied step). The
 * steps run under a session advisory lock, so two processes starting at once (a `serve` and a `worker`)
 * take turns: the second finds the steps applied and skips them. A database migrated by a newer
 * agentic-sdlc is refused rather than misread. Never edit a released step: add one.
 */
const STEPS: string[] = [
  // 1: runs, their steps, and each workflow version once; the same shape as the SQLite store's schema 2.
  `
  CREATE TABLE workflow_versions (hash TEXT PRIMARY KEY, json JSONB NOT NULL);
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    -- Insertion order, the tie-breaker SQLite's rowid is: runs created in the same millisecond keep their order.
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    workflow_name TEXT NOT NULL,
    workflow_hash TEXT NOT NULL REFERENCES workflow_versions(hash),
    status TEXT NOT NULL,
    idempotency_key TEXT,
    concurrency_group TEXT,
    event JSONB,
    event_repo TEXT,
    event_number BIGINT,
    inputs JSONB NOT NULL,
    outputs JSONB,
    error TEXT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT
  );
  -- A key belongs to the run that holds it; a failed or cancelled run gives it up, so a redelivery retries.
  CREATE UNIQUE INDEX runs_by_idempotency_key ON runs(idempotency_key)
    WHERE idempotency_key IS NOT NULL AND status NOT IN ('failure', 'cancelled');
  CREATE INDEX runs_by_group ON runs(concurrency_group, status) WHERE concurrency_group IS NOT NULL;
  CREATE INDEX runs_by_status ON runs(status);
  CREATE INDEX runs_by_item ON runs(event_repo, event_number) WHERE event_repo IS NOT NULL;
  CREATE INDEX runs_by_age ON runs(created_at DESC, seq DESC);
  CREATE TABLE steps (
    run_id TEXT NOT NULL REFERENCES runs(id),
    step_id TEXT NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    input JSONB,
    outputs JSONB,
    error TEXT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    PRIMARY KEY (run_id, step_id)
  );
  `,
  // 2: leases (who executes a run, until when), a cancel request for the lease holder, and the URL a run's end
  // is announced to; the same as the SQLite store's schema 3. Nullable columns without a default: adding them
  // rewrites no row. A run left `running` by an earlier version has no lease: releaseExpired takes it as
  // expired. The partial index holds only running runs, so the expiry sweep reads those and nothing else.
  `
  ALTER TABLE runs ADD COLUMN lease_owner TEXT, ADD COLUMN lease_until BIGINT, ADD COLUMN cancel_requested TEXT,
    ADD COLUMN callback_url TEXT;
  CREATE INDEX runs_by_lease ON runs(lease_until) WHERE status = 'running';
  `,
  // 3: review feedback per repository (feedback-store.ts); the same as the SQLite store's schema 4.
  `
  CREATE TABLE learned_instructions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    repo TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX learned_by_repo ON learned_instructions(repo, id);
  CREATE TABLE suppressed_findings (
    repo TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (repo, fingerprint)
  );
  CREATE INDEX suppressed_by_age ON suppressed_findings(repo, created_at);
  `,
];

export const POSTGRES_SCHEMA_VERSION = STEPS.length;

/** The database was migrated by a newer agentic-sdlc: the fix is an upgrade, not a connection setting. */
export class SchemaTooNewError extends Error {}

/** Brings `schema` (created if missing) up to date. `client` is a connection of its own: the lock is per session. */
export async function migrate(client: pg.ClientBase, schema: string): Promise<void> {
  const quoted = quoteIdentifier(schema);
  await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`agentic-sdlc:migrate:${schema}`]);
  try {
    // Only when missing: PostgreSQL checks the right to create schemas before `IF NOT EXISTS`, and a user who
    // does not own the database (a managed one) may lack it while owning the schema it was given.
    await client.query(`DO $$ BEGIN IF to_regnamespace(${literal(schema)}) IS NULL THEN EXECUTE 'CREATE SCHEMA ' || quote_ident(${literal(schema)}); END IF; END $$`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
    const found = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${quoted}.schema_migrations`);
    const current = found.rows[0]?.version ?? 0;
    if (current > POSTGRES_SCHEMA_VERSION) {
      throw new SchemaTooNewError(
        `the PostgreSQL schema "${schema}" is at version ${current}, newer than this agentic-sdlc understands (${POSTGRES_SCHEMA_VERSION}): upgrade agentic-sdlc`,
      );
    }
    for (let version = current + 1; version <= POSTGRES_SCHEMA_VERSION; version++) {
      // DDL is transactional in PostgreSQL: a step applies whole or not at all.
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${quoted}`);
        await client.query(STEPS[version - 1]!);
        await client.query(`INSERT INTO ${quoted}.schema_migrations (version, applied_at) VALUES ($1, $2)`, [version, Date.now()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`agentic-sdlc:migrate:${schema}`]);
  }
}

/** Schema names come from configuration; they are checked (letters, digits, `_`) and then quoted. */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`invalid PostgreSQL schema name "${name}": use letters, digits and _ (at most 63), not starting with a digit`);
  }
  return `"${name}"`;
}

/** A string as an SQL literal (DO blocks take no parameters). */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
