import type Database from 'better-sqlite3';

/**
 * The state database's schema, as numbered steps. A database records the last step it ran; opening it runs
 * the steps after that, each in a transaction, so a file from any earlier version is brought up to date and
 * a file from a newer version is refused rather than misread. Never edit a released step: add one.
 */
const STEPS: ((db: Database.Database) => void)[] = [
  // 1: runs, their steps, and each workflow version once.
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS workflow_versions (hash TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        workflow_hash TEXT NOT NULL REFERENCES workflow_versions(hash),
        status TEXT NOT NULL,
        idempotency_key TEXT UNIQUE,
        concurrency_group TEXT,
        event_json TEXT,
        inputs_json TEXT NOT NULL,
        outputs_json TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS runs_by_group ON runs(concurrency_group, status) WHERE concurrency_group IS NOT NULL;
      CREATE INDEX IF NOT EXISTS runs_by_status ON runs(status);
      CREATE TABLE IF NOT EXISTS steps (
        run_id TEXT NOT NULL REFERENCES runs(id),
        step_id TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        input_json TEXT,
        outputs_json TEXT,
        error TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        PRIMARY KEY (run_id, step_id)
      );
    `),
  // 2: the pull request or issue a run is about, indexed, for `/sdlc rerun|cancel` and friends.
  (db) => {
    const columns = new Set((db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((column) => column.name));
    if (!columns.has('event_repo')) db.exec('ALTER TABLE runs ADD COLUMN event_repo TEXT');
    if (!columns.has('event_number')) db.exec('ALTER TABLE runs ADD COLUMN event_number INTEGER');
    db.exec(`
      UPDATE runs SET event_repo = json_extract(event_json, '$.repo'), event_number = json_extract(event_json, '$.number')
        WHERE event_json IS NOT NULL AND event_repo IS NULL;
      CREATE INDEX IF NOT EXISTS runs_by_item ON runs(event_repo, event_number) WHERE event_repo IS NOT NULL;
    `);
  },
  // 3: leases (who executes a run, until when), a cancel request for the lease holder, and the URL a run's end
  // is announced to. A run left `running` by an earlier version has no lease: releaseExpired takes it as
  // expired, so the next worker resumes it. The index makes that sweep read only running runs.
  (db) => {
    const columns = new Set((db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((column) => column.name));
    const added = { lease_owner: 'TEXT', lease_until: 'INTEGER', cancel_requested: 'TEXT', callback_url: 'TEXT' };
    for (const [name, type] of Object.entries(added)) {
      // Re-running the step (another process upgraded the file meanwhile) is harmless.
      if (!columns.has(name)) db.exec(`ALTER TABLE runs ADD COLUMN ${name} ${type}`);
    }
    db.exec('CREATE INDEX IF NOT EXISTS runs_by_lease ON runs(status, lease_until)');
  },
  // 4: review feedback per repository (feedback-store.ts): learned instructions in the order they were added,
  // and the fingerprints of findings reviewers rejected.
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS learned_instructions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        repo TEXT NOT NULL,
        text TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS learned_by_repo ON learned_instructions(repo, id);
      CREATE TABLE IF NOT EXISTS suppressed_findings (
        repo TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (repo, fingerprint)
      );
      CREATE INDEX IF NOT EXISTS suppressed_by_age ON suppressed_findings(repo, created_at);
    `),
];

export const SCHEMA_VERSION = STEPS.length;

export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const readVersion = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`);
  const current = (): number => Number((readVersion.get() as { value: string } | undefined)?.value ?? 0);
  const found = current();
  if (found > SCHEMA_VERSION) {
    throw new Error(`the state database's schema (${found}) is newer than this agentic-sdlc understands (${SCHEMA_VERSION}): upgrade agentic-sdlc`);
  }
  for (let version = found + 1; version <= SCHEMA_VERSION; version++) {
    // Immediate, so a process opening the file while another writes it waits (busy_timeout) instead of
    // failing; the version is read again under the lock because that other process may have upgraded it.
    db.transaction(() => {
      if (current() >= version) return;
      STEPS[version - 1]!(db);
      db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(version));
    }).immediate();
  }
}
